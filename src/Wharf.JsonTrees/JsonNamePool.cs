using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;

namespace Wharf.JsonTrees;

/// <summary>
/// One string per distinct property name: every cached object of a resource repeats the same few hundred keys, so
/// a name is looked up by its UTF-8 bytes instead of being decoded and allocated once per property per event, and
/// the cache holds it once. String values recur too ("True", "apps/v1", an image, a namespace, the same timestamp in
/// every condition) but among ones that never do (uids, names): <see cref="Values"/> admits a string only when it
/// comes again while its hash is still remembered, so a one-off neither costs an entry nor evicts a recurring one.
/// A fixed table of ASCII strings, one per slot, without locks: a slot is replaced by the newest string that hashes
/// to it, so it never grows and a miss only costs what decoding cost anyway. A slot keeps the hash beside the string,
/// so a lookup touches the string only when the hash matches, and compares the bytes with the string itself (no copy
/// of them to keep). Slot fields are written without a lock and may be read torn; the comparison still decides.
/// </summary>
public sealed class JsonNamePool
{
    private const int MaxLength = 64;

    private readonly Slot[] _slots;
    private readonly bool _admitOnSecondSight;
    private readonly int _mask;

    /// <param name="slots">Table size, rounded up to a power of two.</param>
    /// <param name="admitOnSecondSight">Whether a string takes a slot only the second time it is seen (for values).</param>
    public JsonNamePool(int slots = 4096, bool admitOnSecondSight = false)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, slots));
        _slots = new Slot[size];
        _admitOnSecondSight = admitOnSecondSight;
        _mask = size - 1;
    }

    public static JsonNamePool Shared { get; } = new();

    /// <summary>
    /// Recurring string values, shared by every tree read in the process. Bounded: at most 4,096 strings of up to
    /// 64 bytes (about 0.4 MB when full), filled only by what is read.
    /// </summary>
    public static JsonNamePool Values { get; } = new(4096, admitOnSecondSight: true);

    /// <summary>The reader's current property name or string value, pooled when short, unescaped and ASCII.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxLength) return reader.GetString()!;
        var utf8 = reader.ValueSpan;
        var hash = Hash(utf8);
        ref var slot = ref _slots[hash & (uint)_mask];
        var pooled = slot.Text;
        if (slot.Hash == hash && pooled is not null && pooled.Length == utf8.Length && System.Text.Ascii.Equals(utf8, pooled)) return pooled;
        var text = reader.GetString()!;
        if (_admitOnSecondSight && slot.Seen != hash)
        {
            slot.Seen = hash; // first sight (or forgotten): remember the hash only; a racing write loses one sighting
            return text;
        }
        if (text.Length == utf8.Length) // one char per byte: ASCII, comparable byte for char
        {
            slot.Text = text;
            slot.Hash = hash;
        }
        return text;
    }

    /// <summary>
    /// Length and the first and last eight bytes (all of a string up to 16 bytes): pooled strings are short, and two
    /// that share both ends only cost a miss, as the bytes are compared (timestamps a second apart, uids and generated
    /// names differ in their last eight bytes).
    /// </summary>
    private static uint Hash(ReadOnlySpan<byte> utf8)
    {
        ulong packed;
        if (utf8.Length >= sizeof(ulong))
        {
            var head = BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            var tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^sizeof(ulong)..]);
            packed = ((head ^ (ulong)utf8.Length) * 0x9E3779B97F4A7C15UL) ^ tail;
        }
        else
        {
            packed = (ulong)utf8.Length;
            foreach (var b in utf8) packed = (packed << 8) | b;
        }
        // MurmurHash3's finaliser: every input bit moves the low bits that pick the slot.
        packed = (packed ^ (packed >> 33)) * 0xFF51AFD7ED558CCDUL;
        packed = (packed ^ (packed >> 33)) * 0xC4CEB9FE1A85EC53UL;
        return (uint)(packed ^ (packed >> 33));
    }

    private struct Slot
    {
        public uint Hash;
        public uint Seen;
        public string? Text;
    }
}
