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

    [Fact]
    public async Task Body_IsTheBytesAStringContentOfTheJsonTextSent()
    {
        var node = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "café-ü", ["annotations"] = new JsonObject { ["a<b>&'\"\\"] = "line\nbreak\ttab \u2028 😀 \u0001" } },
            ["spec"] = new JsonObject { ["replicas"] = 3, ["ratio"] = 0.5, ["on"] = true, ["none"] = null, ["list"] = new JsonArray(1, "two", new JsonObject()) },
            ["number"] = JsonNode.Parse("12345678901234567890"),
        };
        var expected = await new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json").ReadAsByteArrayAsync();

        var body = JsonBody.Create(node, "application/json", "utf-8");

        Assert.Equal(expected, await body.ReadAsByteArrayAsync());
        Assert.Equal("application/json; charset=utf-8", body.Headers.ContentType!.ToString());
        Assert.Equal(expected.Length, body.Headers.ContentLength);
    }

    [Fact]
    public async Task Body_WithoutCharset_HasOnlyTheMediaType()
    {
        var body = JsonBody.Create(new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = "/spec/x" }), "application/json-patch+json", null);

        Assert.Equal("application/json-patch+json", body.Headers.ContentType!.ToString());
        Assert.Equal("[{\"op\":\"remove\",\"path\":\"/spec/x\"}]", Encoding.UTF8.GetString(await body.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Body_LargerThanTheFirstBuffer_IsWhole()
    {
        var node = new JsonObject { ["data"] = new string('x', 10_000) };

        var body = JsonBody.Create(node, "application/json", "utf-8");

        Assert.Equal(node.ToJsonString(), Encoding.UTF8.GetString(await body.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Bodies_OneAfterAnother_OnOneThread_AreEachTheirOwn()
    {
        var large = new JsonObject { ["data"] = new string('y', 100_000) };
        var first = JsonBody.Create(new JsonObject { ["n"] = 1, ["s"] = "first" }, "application/json", "utf-8");
        var second = JsonBody.Create(large, "application/json", "utf-8");
        var third = JsonBody.Create(new JsonObject { ["n"] = 3 }, "application/json", "utf-8");

        Assert.Equal("{\"n\":1,\"s\":\"first\"}", Encoding.UTF8.GetString(await first.ReadAsByteArrayAsync()));
        Assert.Equal(large.ToJsonString(), Encoding.UTF8.GetString(await second.ReadAsByteArrayAsync()));
        Assert.Equal("{\"n\":3}", Encoding.UTF8.GetString(await third.ReadAsByteArrayAsync()));
    }
}
