using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// Parsed key, value and index elements are shared by their canonical key text: a hit is the element parsing gives,
/// a text written another way is never answered from the cache, values that are not scalars are not shared, and the
/// cache stays bounded.
/// </summary>
[Collection(SharedCachesCollection.Name)]
public sealed class ParsedElementCacheTests
{
    [Theory]
    [InlineData("k:{\"type\":\"Ready\"}")]
    [InlineData("k:{\"containerPort\":80,\"protocol\":\"TCP\"}")]
    [InlineData("v:\"finalizer.example.com\"")]
    [InlineData("v:80")]
    [InlineData("i:3")]
    public void ACanonicalKey_ParsedTwice_IsOneSharedElement(string key)
    {
        var first = PathElement.Parse(key);
        var second = PathElement.Parse(key);
        var canonical = PathElement.ParseCanonical(key);

        Assert.Same(first, second);
        Assert.Same(first, canonical);
        Assert.Equal(key, first.Serialize());
    }

    [Theory]
    [InlineData("k:{\"type\": \"Ready\"}")]
    [InlineData("k:{\"protocol\":\"TCP\",\"containerPort\":80}")]
    [InlineData("v:\"\\u0041\"")]
    public void AKeyWrittenAnotherWay_IsParsedButNeverTakenAsCanonical(string key)
    {
        var parsed = PathElement.Parse(key);

        Assert.NotEqual(key, parsed.Serialize());
        Assert.Null(PathElement.ParseCanonical(key));
        Assert.NotSame(parsed, PathElement.Parse(key));
        Assert.Equal(parsed, PathElement.Parse(key));
    }

    [Fact]
    public void AKeyWithAnObjectValue_IsNotShared()
    {
        const string key = "k:{\"a\":{\"b\":\"c\"}}";

        var first = PathElement.Parse(key);

        Assert.Equal(key, first.Serialize());
        Assert.NotSame(first, PathElement.Parse(key));
        Assert.Equal(first, PathElement.Parse(key));
    }

    [Fact]
    public void ManyDistinctKeys_KeepTheCacheBounded()
    {
        for (var i = 0; i < 2 * ParsedElementCache.MaxEntries; i++)
        {
            PathElement.ParseCanonical($"k:{{\"uid\":\"{i:D8}\"}}");
        }

        // Other tests may add a few keys at the same time.
        Assert.InRange(ParsedElementCache.Count, 1, ParsedElementCache.MaxEntries + 64);
        var again = PathElement.ParseCanonical("k:{\"uid\":\"recurring\"}");
        Assert.Same(again, PathElement.ParseCanonical("k:{\"uid\":\"recurring\"}"));
        ParsedElementCache.Clear();
    }
}

/// <summary>
/// Items keyed by one field (conditions, containers) get the element <see cref="PathElement.Keyed"/> gives, shared
/// when the value is a plain string, whether the value was parsed from a document or built.
/// </summary>
[Collection(SharedCachesCollection.Name)]
public sealed class KeyedByOneTests
{
    [Theory]
    [InlineData("{\"type\":\"Ready\"}")]
    [InlineData("{\"type\":\"Re\\u0061dy\"}")]
    [InlineData("{\"type\":\"caf\u00e9\"}")]
    [InlineData("{\"type\":\"say \\\"hi\\\"\"}")]
    [InlineData("{\"type\":\"a<b>&'+\"}")]
    [InlineData("{\"type\":80}")]
    [InlineData("{\"type\":true}")]
    [InlineData("{\"type\":null}")]
    [InlineData("{\"type\":{\"x\":1}}")]
    public void TheElement_IsWhatKeyedGives_ForParsedAndBuiltValues(string item)
    {
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(item)!.AsObject();
        var built = System.Text.Json.Nodes.JsonNode.Parse(parsed.ToJsonString())!.AsObject();
        var expected = PathElement.Keyed([new("type", parsed["type"]?.DeepClone())]);

        foreach (var value in new[] { parsed["type"], Built(built["type"]) })
        {
            var element = PathElement.KeyedByOne("type", value);
            Assert.Equal(expected, element);
            Assert.Equal(expected.Serialize(), element.Serialize());
            Assert.Equal(0, expected.CompareTo(element));
            Assert.Equal(expected.ToString(), element.ToString());
        }
    }

    [Fact]
    public void APlainStringKey_IsSharedAcrossParsedAndBuiltValues_AndWithParsedKeys()
    {
        var parsed = System.Text.Json.Nodes.JsonNode.Parse("{\"name\":\"sidecar-7\"}")!["name"];

        var first = PathElement.KeyedByOne("name", parsed);

        Assert.Same(first, PathElement.KeyedByOne("name", System.Text.Json.Nodes.JsonValue.Create("sidecar-7")));
        Assert.Same(first, PathElement.ParseCanonical("k:{\"name\":\"sidecar-7\"}"));
    }

    private static System.Text.Json.Nodes.JsonNode? Built(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? System.Text.Json.Nodes.JsonValue.Create(v.GetValue<string>())
            : node?.DeepClone();
}
