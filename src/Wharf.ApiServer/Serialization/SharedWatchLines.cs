using System.Runtime.CompilerServices;
using Wharf.Storage;

namespace Wharf.ApiServer.Serialization;

/// <summary>
/// Encoded watch events (the object of each line) shared by every watcher of a resource, as upstream's cachingObject shares one
/// serialisation per (object, encoder): the watch cache hands the same <see cref="StoredObject"/> instance to all of
/// its watchers, so the first watcher to write an event encodes it and the others reuse those bytes. A small
/// direct-mapped table: a slot holds the most recent line that hashed to it, so memory stays bounded and a collision
/// only costs an encoding again. Entries are immutable and published with one reference write, so no lock is taken.
/// </summary>
/// <typeparam name="TLine">An encoded object: its bytes, or what writes them (a stored object's splice, without an array per event).</typeparam>
public sealed class SharedWatchLines<TLine>(int slots = 1024)
{
    private readonly Entry?[] _slots = new Entry?[CheckedSize(slots)];

    /// <summary>
    /// The line for (<paramref name="stored"/>, <paramref name="encoding"/>, <paramref name="type"/>), encoded by
    /// <paramref name="encode"/> when no watcher has done so yet. <paramref name="encoding"/> names everything besides
    /// the object and type that changes the bytes (e.g. "json", "partial/v1").
    /// </summary>
    public TLine GetOrAdd<TState>(StoredObject stored, string encoding, string type, TState state, Func<TState, TLine> encode)
    {
        var slot = (int)((uint)HashCode.Combine(RuntimeHelpers.GetHashCode(stored), encoding, type) & (uint)(_slots.Length - 1));
        var entry = Volatile.Read(ref _slots[slot]);
        if (entry is not null && ReferenceEquals(entry.Stored, stored) && entry.Encoding == encoding && entry.Type == type)
            return entry.Line;
        var line = encode(state);
        Volatile.Write(ref _slots[slot], new Entry(stored, encoding, type, line));
        return line;
    }

    private static int CheckedSize(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        if ((slots & (slots - 1)) != 0) throw new ArgumentException("slot count must be a power of two", nameof(slots));
        return slots;
    }

    private sealed record Entry(StoredObject Stored, string Encoding, string Type, TLine Line);
}
