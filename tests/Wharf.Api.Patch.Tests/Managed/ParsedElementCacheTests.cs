using Wharf.Api.Patch.Managed;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// Parsed key, value and index elements are shared by their canonical key text: a hit is the element parsing gives,
/// a text written another way is never answered from the cache, values that are not scalars are not shared, and the
/// cache stays bounded.
/// </summary>
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
    }
}
