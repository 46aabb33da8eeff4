using System.Text;
using System.Text.Json.Nodes;
using Wharf.Client.Rest;

namespace Wharf.Client.Tests.Rest;

public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("needs <escaping> & \"quotes\" and ünïcode ✓")]
    public void Write_GivesTheBytesOfTheSameDocumentBuiltAsATree(string text)
    {
        var tree = new JsonObject { ["a"] = text, ["nothing"] = null, ["inner"] = new JsonObject { ["n"] = 1 } };

        var bytes = JsonBody.Write(text, static (w, t) =>
        {
            w.WriteStartObject();
            w.WriteString("a", t);
            w.WriteString("nothing", (string?)null);
            w.WriteStartObject("inner");
            w.WriteNumber("n", 1);
            w.WriteEndObject();
            w.WriteEndObject();
        });

        Assert.Equal(tree.ToJsonString(), Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Write_AfterABodyThatFailedHalfWay_StartsClean()
    {
        Assert.Throws<InvalidOperationException>(() => JsonBody.Write(0, static (w, _) =>
        {
            w.WriteStartObject();
            w.WriteString("half", "written");
            throw new InvalidOperationException("stop");
        }));

        var bytes = JsonBody.Write(0, static (w, _) =>
        {
            w.WriteStartObject();
            w.WriteNumber("whole", 1);
            w.WriteEndObject();
        });

        Assert.Equal("""{"whole":1}""", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Write_ReturnsIndependentArrays()
    {
        var first = JsonBody.Write("x", static (w, t) => w.WriteStringValue(t));
        var second = JsonBody.Write("y", static (w, t) => w.WriteStringValue(t));

        Assert.Equal("\"x\"", Encoding.UTF8.GetString(first));
        Assert.Equal("\"y\"", Encoding.UTF8.GetString(second));
    }
}
