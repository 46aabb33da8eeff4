using System.Collections.Concurrent;

namespace Wharf.Network.Dns;

/// <summary>
/// Encoded answers keyed by the query bytes after the ID. Entries go stale when the cluster state version moves or
/// their TTL passes; stale ones are simply overwritten. Bounded like the upstream cache: when full it drops the stale
/// entries, then everything.
/// </summary>
internal sealed class EncodedAnswerCache
{
    private readonly ConcurrentDictionary<byte[], EncodedAnswer> _entries = new(ByteKeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], EncodedAnswer>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly int _capacity;
    private int _count;

    public EncodedAnswerCache(int capacity)
    {
        _capacity = capacity;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(ReadOnlySpan<byte> key, long version, long now, out EncodedAnswer answer)
    {
        if (_bySpan.TryGetValue(key, out answer!) && answer.Version == version && answer.ExpiresAt > now) return true;
        answer = null!;
        return false;
    }

    public void Add(byte[] key, EncodedAnswer answer, long currentVersion, long now)
    {
        if (Volatile.Read(ref _count) >= _capacity) Evict(currentVersion, now);
        _entries.AddOrUpdate(key, _ => { Interlocked.Increment(ref _count); return answer; }, (_, _) => answer);
    }

    private void Evict(long version, long now)
    {
        foreach (var (key, entry) in _entries)
            if ((entry.Version != version || entry.ExpiresAt <= now) && _entries.TryRemove(key, out _)) Interlocked.Decrement(ref _count);
        if (Volatile.Read(ref _count) < _capacity) return;
        _entries.Clear();
        Volatile.Write(ref _count, 0);
    }
}
