using System.Collections.Concurrent;
using System.Text.Json;

namespace Wharf.JsonTrees;

/// <summary>
/// Numbers as document-backed elements, as a parse makes them: GetValue of any numeric type and the written text
/// (big integers, exponents, -0, 1.0) stay exactly what was read. Small numbers (replicas, generations, ports)
/// repeat in every object; their parsed elements are immutable and can back any number of values, so each costs a
/// node instead of a document per occurrence.
/// </summary>
internal static class JsonNumbers
{
    private const int MaxSharedLength = 8;
    private const int MaxShared = 4096;

    private static readonly ConcurrentDictionary<string, JsonElement> Shared = new(StringComparer.Ordinal);

    /// <summary>The number the reader is on, as an element.</summary>
    public static JsonElement Read(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (raw.Length > MaxSharedLength || reader.HasValueSequence) return JsonElement.ParseValue(ref reader);
        Span<char> text = stackalloc char[MaxSharedLength];
        for (var i = 0; i < raw.Length; i++) text[i] = (char)raw[i]; // a number's bytes are ASCII
        var lookup = Shared.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text[..raw.Length], out var shared)) return shared;
        var element = JsonElement.ParseValue(ref reader);
        if (Shared.Count < MaxShared) Shared.TryAdd(text[..raw.Length].ToString(), element);
        return element;
    }
}
