namespace Wharf.Storage.Tests;

public sealed class KeyRangeTests
{
    [Theory]
    [InlineData("ascii", "/registry/pods/", "/registry/pods/x", true)]
    [InlineData("sibling name", "/registry/pods/", "/registry/podtemplates/x", false)]
    [InlineData("key equals prefix", "/a/", "/a/", true)]
    [InlineData("non-ascii after prefix", "/a/", "/a/\u00e9t\u00e9", true)]
    [InlineData("astral char after prefix", "/a/", "/a/\U0001F600", true)]
    [InlineData("before the prefix", "/b/", "/a/zzz", false)]
    public void UpperBound_IsAboveEveryKeyWithThePrefixAndContainsAgrees(string name, string prefix, string key, bool inside)
    {
        _ = name;
        var range = KeyRange.ForPrefix(prefix);

        var inSqlRange = Utf8Compare(key, range.Lower) >= 0 && Utf8Compare(key, range.UpperExclusive) < 0;

        Assert.Equal(inside, range.Contains(key));
        Assert.Equal(inside, inSqlRange);
    }

    [Theory]
    [InlineData("no page yet", null, "/a/")]
    [InlineData("after a key in the range", "/a/k", "/a/k\0")]
    [InlineData("after a key below the range", "/0", "/a/")]
    [InlineData("after a key beyond the range", "/b", "/b\0")]
    public void LowerAfter_IsOneInclusiveBound(string name, string? startAfterKey, string expected)
    {
        _ = name;
        Assert.Equal(expected, KeyRange.ForPrefix("/a/").LowerAfter(startAfterKey));
    }

    [Theory]
    [InlineData("ascii", "/a", "/b")]
    [InlineData("prefix sorts first", "/a", "/a/")]
    [InlineData("private use below astral (UTF-16 says otherwise)", "\uE000", "\U0001F600")]
    [InlineData("latin below cjk", "\u00e9", "\u4e2d")]
    [InlineData("differs after a long shared prefix", "/registry/core/configmaps/bench-writes-16/cm-12-9", "/registry/core/configmaps/bench-writes-16/cm-12-a")]
    [InlineData("long key is a prefix of the other", "/registry/core/configmaps/bench-writes-16/cm-1", "/registry/core/configmaps/bench-writes-16/cm-10")]
    [InlineData("surrogate after a long shared prefix", "/registry/core/configmaps/bench-writes-16/\uE000", "/registry/core/configmaps/bench-writes-16/\U0001F600")]
    public void CompareUtf8_AgreesWithUtf8ByteOrder(string name, string lower, string higher)
    {
        _ = name;
        Assert.True(Utf8Compare(lower, higher) < 0);
        Assert.True(KeyRange.CompareUtf8(lower, higher) < 0);
        Assert.True(KeyRange.CompareUtf8(higher, lower) > 0);
        Assert.Equal(0, KeyRange.CompareUtf8(lower, lower));
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("holds the range sentinel", "/a/\U0010FFFF")]
    public void ValidateKey_RejectsUnrepresentableKeys(string name, string key)
    {
        _ = name;
        Assert.ThrowsAny<ArgumentException>(() => KeyRange.ValidateKey(key));
    }

    /// <summary>SQLite's BINARY collation: UTF-8 bytes.</summary>
    private static int Utf8Compare(string a, string b) =>
        System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b));
}
