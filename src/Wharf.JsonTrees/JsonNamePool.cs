using System.Text.Json;

namespace Wharf.JsonTrees;

/// <summary>
/// One string per distinct property name: every cached object of a resource repeats the same few hundred keys, so
/// a name is looked up by its UTF-8 bytes instead of being decoded and allocated once per property per event, and
/// the cache holds it once. A fixed table, one entry per slot, without locks: a slot is replaced by the newest name
/// that hashes to it (reads see the old or the new entry, both whole), so it never grows and a miss only costs what
/// decoding cost anyway.
/// </summary>
public sealed class JsonNamePool
{
    private const int MaxLength = 64;

    private readonly Entry?[] _slots;
    private readonly int _mask;

    /// <param name="slots">Table size, rounded up to a power of two.</param>
    public JsonNamePool(int slots = 4096)
    {
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, slots));
        _slots = new Entry?[size];
        _mask = size - 1;
    }

    public static JsonNamePool Shared { get; } = new();

    /// <summary>The reader's current property name (or string), pooled when short and unescaped.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxLength) return reader.GetString()!;
        var utf8 = reader.ValueSpan;
        var slot = (int)(Hash(utf8) & (uint)_mask);
        if (Volatile.Read(ref _slots[slot]) is { } entry && utf8.SequenceEqual(entry.Utf8)) return entry.Name;
        var name = reader.GetString()!;
        Volatile.Write(ref _slots[slot], new Entry(utf8.ToArray(), name));
        return name;
    }

    private static uint Hash(ReadOnlySpan<byte> utf8)
    {
        var h = 2166136261u; // FNV-1a: names are short, so a byte loop is as fast as anything wider
        foreach (var b in utf8) h = (h ^ b) * 16777619u;
        return h;
    }

    private sealed record Entry(byte[] Utf8, string Name);
}
