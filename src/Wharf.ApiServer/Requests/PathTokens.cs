using System.Collections.Concurrent;

namespace Wharf.ApiServer.Requests;

/// <summary>
/// Shared strings for the URL segments that recur across requests (groups, versions, resources, namespaces,
/// subresources), looked up by span so a request does not allocate them anew. Bounded: past the bound (a client
/// naming ever new namespaces) segments are plain new strings.
/// </summary>
internal static class PathTokens
{
    private const int MaxTokens = 4096;

    private static readonly ConcurrentDictionary<string, string> Tokens = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Tokens.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Of(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty) return "";
        if (Lookup.TryGetValue(segment, out var token)) return token;
        var text = segment.ToString();
        return Tokens.Count < MaxTokens ? Tokens.GetOrAdd(text, text) : text;
    }
}
