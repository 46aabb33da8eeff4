using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.JsonTrees.Tests;

/// <summary><see cref="LazyJson.Parse"/>: JsonNode.Parse's answer, over the input instead of a copy of it.</summary>
public sealed class LazyJsonTests
{
    [Fact]
    public void Parse_ReadsTheInputItself_NotACopy()
    {
        var utf8 = """{"a":"x","n":[1]}"""u8.ToArray();

        var node = LazyJson.Parse(utf8)!;
        utf8[6] = (byte)'y'; // never done to a stored value: here it shows that the tree reads these very bytes

        Assert.True(LazyJson.ReferencesInput);
        Assert.Equal("y", node["a"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(DensityObjects.Names), MemberType = typeof(DensityObjects))]
    public void Parse_DensityObject_IsJsonNodeParse(string name)
    {
        var utf8 = DensityObjects.Read(name);

        AssertSameAnswer(utf8, default);
    }

    [Theory]
    [InlineData("object", """{"a":{"b":[1,2.50,"s",true,null]},"c":{}}""")]
    [InlineData("array", """[{"a":1},[],"x"]""")]
    [InlineData("string", "\"s\\u00e9\"")]
    [InlineData("number", " -12.50e+3 ")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("repeated name (fails where read)", """{"a":1,"a":2}""")]
    public void Parse_AnyValue_IsJsonNodeParse(string label, string json)
    {
        _ = label;

        AssertSameAnswer(Encoding.UTF8.GetBytes(json), default);
    }

    [Theory]
    [InlineData("truncated", """{"a":1""", 64)]
    [InlineData("trailing comma", """{"a":1,}""", 64)]
    [InlineData("garbage after", """{"a":1}x""", 64)]
    [InlineData("empty", "", 64)]
    [InlineData("too deep", "[[[]]]", 2)]
    public void Parse_BadJson_ThrowsAsJsonNodeParse(string label, string json, int maxDepth)
    {
        _ = label;
        var utf8 = Encoding.UTF8.GetBytes(json);
        var options = new JsonDocumentOptions { MaxDepth = maxDepth };

        var expected = Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(utf8, documentOptions: options));
        var actual = Assert.ThrowsAny<JsonException>(() => LazyJson.Parse(utf8, options));

        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void Parse_OptionsApply_AsJsonNodeParse()
    {
        var utf8 = "[1,2,]"u8.ToArray();

        AssertSameAnswer(utf8, new JsonDocumentOptions { AllowTrailingCommas = true });
    }

    private static void AssertSameAnswer(byte[] utf8, JsonDocumentOptions options)
    {
        var parsed = JsonNode.Parse(utf8, documentOptions: options);
        var lazy = LazyJson.Parse(utf8, options);

        Assert.Equal(parsed?.GetType(), lazy?.GetType());
        Assert.Equal(Describe(() => parsed?.ToJsonString()), Describe(() => lazy?.ToJsonString()));
        Assert.Equal(Describe(() => JsonNode.DeepEquals(parsed, JsonNode.Parse(utf8, documentOptions: options))),
            Describe(() => JsonNode.DeepEquals(lazy, JsonNode.Parse(utf8, documentOptions: options))));
    }

    private static string Describe<T>(Func<T> read)
    {
        try
        {
            return $"{read()}";
        }
        catch (Exception e)
        {
            return $"{e.GetType()}: {e.Message}";
        }
    }
}
