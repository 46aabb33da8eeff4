namespace Wharf.Storage.Caching;

/// <summary>
/// The live objects of the cache ordered by key exactly as the SQLite store orders them (UTF-8 byte order, see
/// <see cref="KeyRange.CompareUtf8"/>), so a page read here equals the page the store would return. Kept as a list
/// of sorted chunks of at most <see cref="MaxChunkSize"/> entries: finding a key or the start of a range is two
/// binary searches, an insert or delete moves at most one chunk, and a range scan walks arrays in order.
/// Every entry is also found by its key in a hash table: a get, and the update of a key already there (most
/// writes), take no binary search (each search compares long shared key prefixes some twenty times).
/// Not thread-safe: <see cref="WatchCache"/> guards it with a reader/writer lock.
/// </summary>
internal sealed class SortedObjectIndex
{
    internal const int MaxChunkSize = 512;

    private readonly List<List<Entry>> _chunks = [];
    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.Ordinal);

    public int Count => _byKey.Count;

    public StoredObject? Get(string key) => _byKey.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>Inserts <paramref name="item"/> or replaces the entry with the same key.</summary>
    public void Set(StoredObject item)
    {
        if (_byKey.TryGetValue(item.Key, out var existing))
        {
            existing.Value = item;
            return;
        }

        var entry = new Entry(item);
        _byKey.Add(item.Key, entry);
        if (_chunks.Count == 0)
        {
            _chunks.Add([entry]);
            return;
        }

        var (c, index, _) = Find(item.Key);
        var chunk = _chunks[c];
        chunk.Insert(index, entry);
        if (chunk.Count > MaxChunkSize)
        {
            var half = chunk.Count / 2;
            var tail = chunk.GetRange(half, chunk.Count - half);
            chunk.RemoveRange(half, chunk.Count - half);
            _chunks.Insert(c + 1, tail);
        }
    }

    public bool Remove(string key)
    {
        if (!_byKey.Remove(key))
        {
            return false;
        }

        var (c, index, _) = Find(key);
        var chunk = _chunks[c];
        chunk.RemoveAt(index);
        if (chunk.Count == 0)
        {
            _chunks.RemoveAt(c);
        }

        return true;
    }

    public void Clear()
    {
        _chunks.Clear();
        _byKey.Clear();
    }

    /// <summary>The entries of <paramref name="range"/> after <paramref name="startAfterKey"/>, in key order.</summary>
    public IEnumerable<StoredObject> Scan(KeyRange range, string? startAfterKey = null)
    {
        if (_chunks.Count == 0)
        {
            yield break;
        }

        // Keys sharing a prefix are contiguous in code point order, so the scan ends at the first key without it.
        var (c, index, _) = Find(range.LowerAfter(startAfterKey));
        for (; c < _chunks.Count; c++, index = 0)
        {
            var chunk = _chunks[c];
            for (; index < chunk.Count; index++)
            {
                var item = chunk[index].Value;
                if (!range.Contains(item.Key))
                {
                    yield break;
                }

                yield return item;
            }
        }
    }

    /// <summary>The chunk that holds or would hold <paramref name="key"/> and its position there (the insertion point when absent).</summary>
    private (int Chunk, int Index, bool Found) Find(string key)
    {
        if (_chunks.Count == 0)
        {
            return (0, 0, false);
        }

        // First chunk whose last key is not below the key; the last chunk when the key is beyond every key.
        int low = 0, high = _chunks.Count - 1;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (KeyRange.CompareUtf8(_chunks[mid][^1].Value.Key, key) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var chunk = _chunks[low];
        int first = 0, last = chunk.Count;
        while (first < last)
        {
            var mid = (first + last) >>> 1;
            if (KeyRange.CompareUtf8(chunk[mid].Value.Key, key) < 0)
            {
                first = mid + 1;
            }
            else
            {
                last = mid;
            }
        }

        return (low, first, first < chunk.Count && string.Equals(chunk[first].Value.Key, key, StringComparison.Ordinal));
    }

    /// <summary>One key's place in both the chunks and the hash table: replacing its object touches neither.</summary>
    private sealed class Entry(StoredObject value)
    {
        public StoredObject Value { get; set; } = value;
    }
}
