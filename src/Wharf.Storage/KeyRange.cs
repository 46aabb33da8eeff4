namespace Wharf.Storage;

/// <summary>
/// The keys under a prefix. Matching is a plain ordinal string prefix, as in etcd: "/registry/pods"
/// also matches "/registry/podtemplates/...", so callers pass prefixes ending in '/' to mean one
/// collection. In SQL the prefix becomes the half-open range [prefix, prefix + U+10FFFF): U+10FFFF is the
/// largest code point and a Unicode noncharacter, so it never appears in a valid key and UTF-8
/// byte order (SQLite's BINARY collation) keeps every key with the prefix below the bound.
/// </summary>
internal readonly record struct KeyRange(string Prefix)
{
    private const string Beyond = "\U0010FFFF";

    public string Lower => Prefix;

    public string UpperExclusive => Prefix + Beyond;

    public bool Contains(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// The inclusive lower bound of the keys after <paramref name="startAfterKey"/>: appending U+0000 gives
    /// the smallest string above it, so one bound serves both the prefix and paging (and SQLite seeks to it).
    /// </summary>
    public string LowerAfter(string? startAfterKey) =>
        startAfterKey is not null && CompareUtf8(startAfterKey, Prefix) >= 0 ? startAfterKey + "\0" : Prefix;

    /// <summary>Orders strings as SQLite's BINARY collation does: by UTF-8 bytes, i.e. by code point.</summary>
    public static int CompareUtf8(string a, string b)
    {
        // Store keys share long prefixes ("/registry/core/configmaps/ns/"), and the watch cache's index compares
        // a key some 20 times per lookup: the vectorised common-prefix scan skips them many chars at a time.
        var i = a.AsSpan().CommonPrefixLength(b);
        if (i == a.Length || i == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        // UTF-16 order differs from code point order only between surrogates and U+E000..U+FFFF.
        char x = a[i], y = b[i];
        return char.IsSurrogate(x) == char.IsSurrogate(y) ? x.CompareTo(y) : char.IsSurrogate(x) ? 1 : -1;
    }

    public static KeyRange ForPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return new KeyRange(prefix);
    }

    /// <summary>Rejects keys the range arithmetic cannot represent.</summary>
    public static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Contains(Beyond, StringComparison.Ordinal))
        {
            throw new ArgumentException("Keys must not contain U+10FFFF.", nameof(key));
        }
    }
}
