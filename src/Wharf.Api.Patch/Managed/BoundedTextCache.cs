using System.Collections.Concurrent;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Values shared by a text key, looked up by span (a hit makes no string), for immutable values many writes decode
/// from the same text. Bounded: when its maximum number of entries have been added it starts again empty, so that
/// keys seen once cannot keep out the recurring ones for long (at steady state a clear is rare and costs one miss per
/// recurring key); nothing is held until something is added.
/// </summary>
internal sealed class BoundedTextCache<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _maxEntries;

    /// <summary>Entries added since the last clear (ConcurrentDictionary's own Count takes every lock).</summary>
    private int _added;

    public BoundedTextCache(int maxEntries)
    {
        _maxEntries = maxEntries;
        _lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The number of keys held (takes every lock: for tests).</summary>
    public int Count => _values.Count;

    public bool TryGet(ReadOnlySpan<char> key, out T value) => _lookup.TryGetValue(key, out value!);

    public void Add(string key, T value)
    {
        if (Interlocked.Increment(ref _added) > _maxEntries)
        {
            _values.Clear();
            Volatile.Write(ref _added, 1);
        }

        _values.TryAdd(key, value);
    }

    public void Clear()
    {
        _values.Clear();
        Volatile.Write(ref _added, 0);
    }
}
