namespace Wharf.Storage.Caching;

/// <summary>
/// The cache's state: every live object (<see cref="SortedObjectIndex"/>), the recent events (<see cref="EventRing"/>)
/// and the watchers they fan out to. One feed applies changes in revision order.
/// Two locks: the feed lock orders applying an event against subscribing a watcher, so a new watcher gets the ring's
/// events up to revision S as its replay and every event after S live: no gap and no duplicate at the hand-over.
/// The index lock is a reader/writer lock, so many reads run in parallel and each sees the index and the revision
/// of one moment. The reader/writer lock is never disposed: a read racing shutdown must not fail, and the lock
/// holds no resources beyond what the garbage collector reclaims.
/// </summary>
internal sealed class WatchCache
{
    private readonly Lock _feedLock = new();
    private readonly ReaderWriterLockSlim _indexLock = new(LockRecursionPolicy.NoRecursion);
    private readonly SortedObjectIndex _index = new();
    private readonly EventRing _ring;
    private readonly List<CacheWatcher> _watchers = [];
    private readonly RevisionWaiters _waiters = new();
    private long _revision;
    private int _objectCount;
    private int _watcherCount;
    private volatile bool _initialized;
    private bool _closed;

    public WatchCache(int eventCapacity)
    {
        _ring = new EventRing(eventCapacity);
    }

    /// <summary>True once the first list has been loaded.</summary>
    public bool Initialized => _initialized;

    /// <summary>The newest revision applied.</summary>
    public long Revision => Volatile.Read(ref _revision);

    public int ObjectCount => Volatile.Read(ref _objectCount);

    public int WatcherCount => Volatile.Read(ref _watcherCount);

    /// <summary>
    /// Loads a full list taken at <paramref name="revision"/>. Watchers subscribed before cannot be continued
    /// without a gap (the events between their position and the list are unknown), so they are ended and re-list.
    /// </summary>
    public void Replace(IEnumerable<StoredObject> items, long revision)
    {
        lock (_feedLock)
        {
            _indexLock.EnterWriteLock();
            try
            {
                _index.Clear();
                foreach (var item in items)
                {
                    _index.Set(item);
                }

                Volatile.Write(ref _objectCount, _index.Count);
                Volatile.Write(ref _revision, revision);
            }
            finally
            {
                _indexLock.ExitWriteLock();
            }

            _ring.Reset(revision);
            foreach (var watcher in _watchers)
            {
                watcher.End($"the watch cache re-listed at revision {revision} and lost the events of this watch; re-list and watch again");
            }

            _watchers.Clear();
            Volatile.Write(ref _watcherCount, 0);
            _initialized = true;
        }

        _waiters.Advance(revision);
    }

    /// <summary>Applies one change from the feed; changes at or below the cache revision are ignored.</summary>
    /// <returns>The watchers ended because their queue was full, for logging.</returns>
    public List<CacheWatcher>? Apply(WatchEvent change)
    {
        var revision = change.Object.ModRevision;
        List<CacheWatcher>? overflowed = null;
        lock (_feedLock)
        {
            if (revision <= _revision)
            {
                return null;
            }

            _indexLock.EnterWriteLock();
            try
            {
                if (change.Type == WatchEventType.Deleted)
                {
                    _index.Remove(change.Object.Key);
                }
                else
                {
                    _index.Set(change.Object);
                }

                Volatile.Write(ref _objectCount, _index.Count);
                Volatile.Write(ref _revision, revision);
            }
            finally
            {
                _indexLock.ExitWriteLock();
            }

            _ring.Add(change);
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                var watcher = _watchers[i];
                if (watcher.Range.Contains(change.Object.Key) && !watcher.TryDeliver(change))
                {
                    watcher.End($"watch on {watcher.Range.Prefix} fell more than {watcher.Capacity} events behind at revision {revision}; re-list and watch again");
                    _watchers.RemoveAt(i);
                    (overflowed ??= []).Add(watcher);
                }
            }

            Volatile.Write(ref _watcherCount, _watchers.Count);
        }

        _waiters.Advance(revision);
        return overflowed;
    }

    /// <summary>
    /// Subscribes a watcher to changes of <paramref name="range"/> after <paramref name="afterRevision"/>, or returns
    /// null when the ring no longer holds all of them (or nothing is loaded yet) and the caller must ask the store.
    /// </summary>
    public CacheWatcher? TrySubscribe(KeyRange range, long afterRevision, int capacity)
    {
        lock (_feedLock)
        {
            if (!_initialized || afterRevision < _ring.StartRevision)
            {
                return null;
            }

            var watcher = new CacheWatcher(range, afterRevision, capacity, _ring.After(range, afterRevision));
            if (_closed)
            {
                watcher.Close();
            }
            else
            {
                _watchers.Add(watcher);
                Volatile.Write(ref _watcherCount, _watchers.Count);
            }

            return watcher;
        }
    }

    public void Unsubscribe(CacheWatcher watcher)
    {
        lock (_feedLock)
        {
            if (_watchers.Remove(watcher))
            {
                Volatile.Write(ref _watcherCount, _watchers.Count);
            }
        }
    }

    /// <summary>Completes when the cache has applied <paramref name="revision"/>.</summary>
    public Task WaitForRevisionAsync(long revision) => _waiters.WaitAsync(revision);

    // Reads pass their arguments as state to static lambdas: Get runs for every update (the cached-read check) and
    // every GET, and a capturing lambda cost a closure and a delegate each time.
    public StoredObject? Get(string key) => Read(key, static (cache, k) => cache._index.Get(k));

    public long Count(KeyRange range) => Read(range, static (cache, r) => cache._index.Scan(r).LongCount());

    /// <summary>
    /// A page of <paramref name="range"/> at the cache revision, or null when <paramref name="revision"/> names
    /// another revision (the cache only holds the newest state).
    /// </summary>
    public ListResult? TryList(KeyRange range, long revision, string? startAfterKey, int limit) =>
        Read((range, revision, startAfterKey, limit), static (cache, a) => cache.ListLocked(a.range, a.revision, a.startAfterKey, a.limit));

    private ListResult? ListLocked(KeyRange range, long revision, string? startAfterKey, int limit)
    {
        if (revision != 0 && revision != _revision)
        {
            return null;
        }

        var items = new List<StoredObject>(limit > 0 ? Math.Min(limit, 4096) : 64);
        var hasMore = false;
        foreach (var item in _index.Scan(range, startAfterKey))
        {
            if (limit > 0 && items.Count == limit)
            {
                hasMore = true;
                break;
            }

            items.Add(item);
        }

        return new ListResult(items, _revision, hasMore);
    }

    /// <summary>Ends every watcher cleanly and fails pending waits (at shutdown).</summary>
    public void Close()
    {
        lock (_feedLock)
        {
            _closed = true;
            foreach (var watcher in _watchers)
            {
                watcher.Close();
            }

            _watchers.Clear();
            Volatile.Write(ref _watcherCount, 0);
        }

        _waiters.Close(new ObjectDisposedException(nameof(CachingStorageBackend)));
    }

    private TResult Read<TState, TResult>(TState state, Func<WatchCache, TState, TResult> read)
    {
        _indexLock.EnterReadLock();
        try
        {
            return read(this, state);
        }
        finally
        {
            _indexLock.ExitReadLock();
        }
    }
}
