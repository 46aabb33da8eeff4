using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Tests.Support;

/// <summary>Test helpers: parse JSON written with single quotes, and compare structurally.</summary>
internal static class J
{
    public static JsonNode? Parse(string json) => JsonNode.Parse(json.Replace('\'', '"'));

    public static JsonObject Obj(string json) => (JsonObject)Parse(json)!;

    public static void Equal(string expected, JsonNode? actual)
    {
        var want = Parse(expected);
        Assert.True(JsonNodes.DeepEquals(want, actual), $"expected {JsonNodes.ToJson(want)}\n  actual {JsonNodes.ToJson(actual)}");
    }
}
