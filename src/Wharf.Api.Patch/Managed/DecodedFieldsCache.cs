using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Decoded fieldsV1 sets by their text, shared: an update decodes the entries its change reaches, and the same
/// fieldsV1 recurs across objects of a kind (every Deployment's and ReplicaSet's status entry has the same fields once
/// the controller has written the same status shape). Decoding built every node of the stored document and a set node
/// per path for each of them, per write.
/// </summary>
/// <remarks>
/// Decoding depends on nothing but the text, so a hit is the set decoding would give. Cached sets are frozen
/// (<see cref="FieldSet.Freeze"/>): set operations never change their inputs, and building one further throws rather
/// than change it under the other writes that hold it. Bounded: at most <see cref="MaxEntries"/> texts of at most
/// <see cref="MaxTextLength"/> bytes (a few MB with their sets), and at the bound the cache starts again empty so that
/// shapes seen once cannot keep out the recurring ones; nothing is held at start.
/// </remarks>
internal static class DecodedFieldsCache
{
    internal const int MaxEntries = 256;

    internal const int MaxTextLength = 4096;

    private static readonly ConcurrentDictionary<byte[], FieldSet> Sets = new(Utf8TextComparer.Instance);

    private static readonly ConcurrentDictionary<byte[], FieldSet>.AlternateLookup<ReadOnlySpan<byte>> Lookup =
        Sets.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>Entries added since the last clear (ConcurrentDictionary's own Count takes every lock).</summary>
    private static int _added;

    /// <summary>The set <paramref name="fields"/> decodes to (<see cref="FieldsV1.Decode"/>), frozen when shared.</summary>
    /// <exception cref="PatchException">When the document is not a valid FieldsV1 set.</exception>
    public static FieldSet Decode(JsonObject fields)
    {
        using var scratch = JsonScratch.Rent();
        fields.WriteTo(scratch.Writer);
        var text = scratch.Written;
        if (text.Length > MaxTextLength)
        {
            return FieldsV1.Decode(fields);
        }

        if (Lookup.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var set = FieldsV1.Decode(fields);
        set.Freeze();
        if (Interlocked.Increment(ref _added) > MaxEntries)
        {
            Sets.Clear();
            Volatile.Write(ref _added, 1);
        }

        Sets.TryAdd(text.ToArray(), set);
        return set;
    }

    /// <summary>For tests: the number of texts held.</summary>
    internal static int Count => Sets.Count;

    /// <summary>Compares UTF-8 texts by content, as arrays (the keys held) or spans (the text just written).</summary>
    private sealed class Utf8TextComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8TextComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
