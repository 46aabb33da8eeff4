using System.Text.Json.Nodes;

namespace Wharf.JsonTrees.Tests;

/// <summary>The window hands JsonObject's sized constructor exactly its range, and can be reused right after.</summary>
public sealed class MemberWindowTests
{
    [Fact]
    public void Over_BuildsAnObjectOfTheRangeOnly_AndIsReusable()
    {
        KeyValuePair<string, JsonNode?>[] members =
        [
            new("before", 0), new("a", 1), new("b", null), new("c", "x"), new("after", 9),
        ];
        var window = new MemberWindow();

        var first = new JsonObject(window.Over(members, 1, 3));
        var second = new JsonObject(window.Over(members, 4, 1));

        Assert.Equal("""{"a":1,"b":null,"c":"x"}""", first.ToJsonString());
        Assert.Equal("""{"after":9}""", second.ToJsonString());
        Assert.Empty(window);
    }
}
