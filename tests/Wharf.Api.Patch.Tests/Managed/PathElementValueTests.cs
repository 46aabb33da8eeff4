using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// A keyed or set element keeps its string values as plain strings: an element made from values parsed from a
/// document (escaped or not) must be the same element, in the same order and with the same key text and display,
/// as one made from values built in code.
/// </summary>
public sealed class PathElementValueTests
{
    [Theory]
    [InlineData("plain", "{\"name\":\"c1\",\"port\":80}")]
    [InlineData("escaped and non-ASCII", "{\"name\":\"caf\\u00e9 \\\"q\\\" <x>\",\"port\":80}")]
    [InlineData("number and bool", "{\"name\":\"a\",\"port\":8.0e1,\"ok\":true}")]
    public void Keyed_FromParsedOrBuiltValues_IsTheSameElement(string name, string item)
    {
        var parsed = JsonNode.Parse(item)!.AsObject();
        var built = new JsonObject();
        foreach (var (key, value) in parsed)
        {
            built[key] = value!.GetValueKind() == System.Text.Json.JsonValueKind.String ? JsonValue.Create(value.GetValue<string>()) : value.DeepClone();
        }

        var fromParsed = PathElement.Keyed(parsed.ToList());
        var fromBuilt = PathElement.Keyed(built.ToList());
        var reparsed = PathElement.Parse(fromParsed.Serialize());

        Assert.True(fromParsed.Equals(fromBuilt) && fromParsed.Equals(reparsed), name);
        Assert.Equal(0, fromParsed.CompareTo(fromBuilt));
        Assert.Equal(fromBuilt.Serialize(), fromParsed.Serialize());
        Assert.Equal(fromBuilt.ToString(), fromParsed.ToString());
        Assert.Equal(fromParsed.Serialize(), reparsed.Serialize());
    }

    [Fact]
    public void Keyed_OrdersByValueAsBefore()
    {
        var a = PathElement.Parse("k:{\"name\":\"a\"}");
        var b = PathElement.Keyed([new("name", JsonValue.Create("b"))]);
        var ten = PathElement.Parse("k:{\"port\":10}");
        var nine = PathElement.Parse("k:{\"port\":9}");

        Assert.True(a.CompareTo(b) < 0 && b.CompareTo(a) > 0);
        Assert.True(nine.CompareTo(ten) < 0);
        Assert.True(PathElement.OfValue(JsonNode.Parse("\"x\"")).Equals(PathElement.OfValue(JsonValue.Create("x"))));
    }
}
