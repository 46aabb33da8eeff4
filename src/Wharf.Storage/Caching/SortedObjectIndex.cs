namespace Wharf.Storage.Caching;

/// <summary>
/// The live objects of the cache ordered by key exactly as the SQLite store orders them (UTF-8 byte order, see
/// <see cref="KeyRange.CompareUtf8"/>), so a page read here equals the page the store would return. Kept as a list
/// of sorted chunks of at most <see cref="MaxChunkSize"/> entries: finding a key or the start of a range is two
/// binary searches, an insert or delete moves at most one chunk, and a range scan walks arrays in order.
/// Every entry is also found by its key in a hash table: a get, and the update of a key already there (most
/// writes), take no binary search (each search compares long shared key prefixes some twenty times).
/// Each chunk keeps its keys in a list of their own beside its entries: a search then reads one key string per
/// step instead of following entry, object and key (three cache misses per step once the cache outgrows the CPU's
/// caches, which made the insertion search of every create some 4 % of the server's CPU).
/// Not thread-safe: <see cref="WatchCache"/> guards it with a reader/writer lock.
/// </summary>
internal sealed class SortedObjectIndex
{
    internal const int MaxChunkSize = 512;

    private readonly List<Chunk> _chunks = [];
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
            var first = new Chunk();
            first.Insert(0, entry);
            _chunks.Add(first);
            return;
        }

        var (c, index, _) = Find(item.Key);
        var chunk = _chunks[c];
        chunk.Insert(index, entry);
        if (chunk.Count > MaxChunkSize)
        {
            _chunks.Insert(c + 1, chunk.SplitOffHalf());
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
            var entries = _chunks[c].Entries;
            for (; index < entries.Count; index++)
            {
                var item = entries[index].Value;
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
            if (KeyRange.CompareUtf8(_chunks[mid].LastKey, key) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var keys = _chunks[low].Keys;
        int first = 0, last = keys.Count;
        while (first < last)
        {
            var mid = (first + last) >>> 1;
            if (KeyRange.CompareUtf8(keys[mid], key) < 0)
            {
                first = mid + 1;
            }
            else
            {
                last = mid;
            }
        }

        return (low, first, first < keys.Count && string.Equals(keys[first], key, StringComparison.Ordinal));
    }

    /// <summary>A run of consecutive entries in key order, with their keys alongside (same positions).</summary>
    private sealed class Chunk
    {
        public List<string> Keys { get; private init; } = [];

        public List<Entry> Entries { get; private init; } = [];

        public int Count => Keys.Count;

        public string LastKey => Keys[^1];

        public void Insert(int index, Entry entry)
        {
            Keys.Insert(index, entry.Value.Key);
            Entries.Insert(index, entry);
        }

        public void RemoveAt(int index)
        {
            Keys.RemoveAt(index);
            Entries.RemoveAt(index);
        }

        /// <summary>Moves the upper half of this chunk into a new one, returned.</summary>
        public Chunk SplitOffHalf()
        {
            var half = Count / 2;
            var moved = Count - half;
            var tail = new Chunk { Keys = Keys.GetRange(half, moved), Entries = Entries.GetRange(half, moved) };
            Keys.RemoveRange(half, moved);
            Entries.RemoveRange(half, moved);
            return tail;
        }
    }

    /// <summary>One key's place in both the chunks and the hash table: replacing its object touches neither.</summary>
    private sealed class Entry(StoredObject value)
    {
        public StoredObject Value { get; set; } = value;
    }
}
