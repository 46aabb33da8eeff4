using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry.Core;

namespace Wharf.ApiServer.Tests.Registry.Core;

/// <summary>
/// The size of a data map is measured from the parsed bytes when they spell the value as it is; it must come out
/// as the size measured from the strings themselves (an object built in memory), whatever the value holds.
/// </summary>
public sealed class DataKeysSizeTests
{
    [Theory]
    [InlineData("plain text", """{"k":"hello world"}""", false, 1 + 11)]
    [InlineData("escaped newline counts once", """{"k":"a\nb"}""", false, 1 + 3)]
    [InlineData("unicode escape", """{"k":"\u00e9"}""", false, 1 + 2)]
    [InlineData("raw non-ASCII counts its UTF-8 bytes", """{"k":"é€"}""", false, 1 + 5)]
    [InlineData("empty value", """{"key":""}""", false, 3)]
    [InlineData("several keys", """{"a":"xy","bb":"z"}""", false, 1 + 2 + 2 + 1)]
    [InlineData("base64, no padding", """{"k":"aGVsbG8h"}""", true, 1 + 6)]
    [InlineData("base64, one pad", """{"k":"aGVsbG8="}""", true, 1 + 5)]
    [InlineData("base64, two pads", """{"k":"aGVsbA=="}""", true, 1 + 4)]
    [InlineData("base64 with an escaped pad", """{"k":"aGVsbA\u003d\u003d"}""", true, 1 + 4)]
    [InlineData("a value that is not a string counts nothing", """{"k":12}""", false, 1)]
    public void ParsedAndBuiltMaps_HaveTheSameSize(string name, string json, bool base64, long expected)
    {
        _ = name;
        var parsed = JsonNode.Parse(json)!.AsObject();
        var built = new JsonObject();
        foreach (var (key, value) in JsonNode.Parse(json)!.AsObject())
            built[key] = value is JsonValue v && v.TryGetValue<string>(out var text) ? JsonValue.Create(text) : value?.DeepClone();

        Assert.Equal(expected, DataKeys.Size(parsed, base64));
        Assert.Equal(expected, DataKeys.Size(built, base64));
    }

    [Fact]
    public void NoMap_HasNoSize() => Assert.Equal(0, DataKeys.Size(null, base64Values: false));
}
