using System.Buffers;
using System.Text.Json;

namespace Wharf.Api.Schema.Validation;

/// <summary>
/// Upstream's strict decoding check over the body's bytes in one forward pass of a <see cref="Utf8JsonReader"/>
/// against a <see cref="FieldNode"/> tree: no document is built, no path spelled unless something is found. The
/// findings and their order are those of a walk over the parsed document (document order, depth first; a field
/// unknown to its object is reported as unknown only, even when repeated).
/// </summary>
internal sealed class Utf8FieldScanner
{
    private const int StackNameChars = 256;
    private readonly FieldPathStack _path = new();
    private readonly Stack<HashSet<string>> _spareKeySets = new();
    private readonly bool _checkDuplicates;

    // Made on the first finding: a clean body (nearly every one) allocates no collections for findings.
    private FieldErrors? _errors;

    private FieldErrors Errors => _errors ??= new();

    private Utf8FieldScanner(bool checkDuplicates) => _checkDuplicates = checkDuplicates;

    /// <param name="checkDuplicates">false reports unknown fields only (a custom resource's metadata, whose
    /// duplicates the map walk over the whole body has already reported).</param>
    /// <param name="at">the path of <paramref name="utf8Json"/> in its document ("" for the whole body).</param>
    public static IReadOnlyList<string> Scan(ReadOnlySpan<byte> utf8Json, FieldNode root, bool checkDuplicates = true, string at = "")
    {
        var scanner = new Utf8FieldScanner(checkDuplicates);
        if (at.Length > 0) scanner._path.Push(at);
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read()) throw new JsonException("empty JSON body");
        scanner.Walk(ref reader, root);
        // Anything after the value is malformed, as a document parse would have said.
        while (reader.Read()) { }
        return scanner._errors?.Messages ?? [];
    }

    private void Walk(ref Utf8JsonReader reader, FieldNode node)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when node.Properties is not null:
                WalkFields(ref reader, node);
                break;
            case JsonTokenType.StartObject when node.MapValues is { } values:
                WalkMap(ref reader, values);
                break;
            case JsonTokenType.StartArray when node.Items is { } items:
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    _path.Push(index++);
                    Walk(ref reader, items);
                    _path.Pop();
                }
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                break;
        }
    }

    private void WalkFields(ref Utf8JsonReader reader, FieldNode node)
    {
        // Which known fields were seen, by their position in the schema: one bit each.
        var words = (node.PropertyCount + 63) / 64;
        Span<ulong> seen = words <= 8 ? stackalloc ulong[words] : new ulong[words];
        seen.Clear();
        char[]? rented = null;
        Span<char> buffer = stackalloc char[StackNameChars];
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var chars = BufferFor(reader.ValueSpan.Length, buffer, ref rented);
                ReadOnlySpan<char> name = chars[..reader.CopyString(chars)];
                if (!node.TryGetProperty(name, out var property))
                {
                    Errors.Unknown(_path.Child(new string(name)));
                    reader.Skip();
                    continue;
                }
                ref var word = ref seen[property.Index >> 6];
                var bit = 1UL << (property.Index & 63);
                if ((word & bit) != 0 && _checkDuplicates) Errors.Duplicate(_path.Child(property.Name));
                word |= bit;
                reader.Read();
                _path.Push(property.Name);
                Walk(ref reader, property.Node);
                _path.Pop();
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void WalkMap(ref Utf8JsonReader reader, FieldNode values)
    {
        var keys = _spareKeySets.Count > 0 ? _spareKeySets.Pop() : new HashSet<string>(StringComparer.Ordinal);
        var lookup = keys.GetAlternateLookup<ReadOnlySpan<char>>();
        char[]? rented = null;
        Span<char> buffer = stackalloc char[StackNameChars];
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var chars = BufferFor(reader.ValueSpan.Length, buffer, ref rented);
                ReadOnlySpan<char> name = chars[..reader.CopyString(chars)];
                if (!lookup.Add(name) && _checkDuplicates) Errors.Duplicate(_path.Child(new string(name)));
                reader.Read();
                // Only a structured value can hold findings, so only then is the key needed as a path segment.
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    lookup.TryGetValue(name, out var key);
                    _path.Push(key!);
                    Walk(ref reader, values);
                    _path.Pop();
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
            keys.Clear();
            _spareKeySets.Push(keys);
        }
    }

    /// <summary>
    /// Room for a property name of <paramref name="utf8Length"/> bytes (unescaped, it has at most as many chars):
    /// the stack buffer when it fits, otherwise a rented one.
    /// </summary>
    private static Span<char> BufferFor(int utf8Length, Span<char> stack, ref char[]? rented)
    {
        if (utf8Length <= stack.Length) return stack;
        if (rented is not null && rented.Length >= utf8Length) return rented;
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        rented = ArrayPool<char>.Shared.Rent(utf8Length);
        return rented;
    }
}
