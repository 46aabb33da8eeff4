using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Storage.Caching;

/// <summary>
/// A watch cache in front of another store, in the spirit of the API server's cacher: every live object and the
/// most recent events are kept in memory, fed by one watch of the whole inner store, so that many LISTs and
/// WATCHes do not each read the inner store.
/// <list type="bullet">
/// <item>Reads are consistent: <see cref="GetAsync"/>, <see cref="CountAsync"/> and <see cref="ListAsync"/> at
/// revision 0 first wait (notified, not polled) until the cache has applied the inner store's
/// <see cref="IStorageBackend.CurrentRevision"/> as of the call, so a caller reads its own writes. If the cache is not
/// live or does not catch up within <see cref="CachingStorageOptions.ConsistentReadTimeout"/>, the inner store answers.</item>
/// <item>A list at an explicit revision is answered from memory only when it is the cache's current revision
/// (e.g. the next page right after the first); older revisions go to the inner store.</item>
/// <item>A watch from a revision the event buffer still covers (or a newer one) is replayed from the buffer and then
/// fed live; older watches go to the inner store, which may throw <see cref="RevisionCompactedException"/>.
/// Each watcher has a bounded queue; one that falls behind is ended with <see cref="WatchOverflowException"/>
/// without slowing the others.</item>
/// <item>Writes and compaction go to the inner store and their results are returned unchanged; the cache learns
/// about them from its watch.</item>
/// </list>
/// </summary>
public sealed class CachingStorageBackend : IStorageBackend
{
    private readonly IStorageBackend _inner;
    private readonly CachingStorageOptions _options;
    private readonly ILogger _logger;
    private readonly WatchCache _cache;
    private readonly CacheFeed _feed;
    private readonly CancellationTokenSource _disposing = new();
    private int _delegatedWatchers;
    private int _disposed;

    /// <summary>Wraps <paramref name="inner"/> and starts loading the cache in the background; until it is loaded every call goes to <paramref name="inner"/>.</summary>
    public CachingStorageBackend(IStorageBackend inner, CachingStorageOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        options ??= new CachingStorageOptions();
        options.Validate();
        _inner = inner;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _cache = new WatchCache(options.EventBufferSize);
        _feed = new CacheFeed(inner, _cache, options, _logger);
    }

    /// <summary>The wrapped store.</summary>
    public IStorageBackend Inner => _inner;

    public long CurrentRevision => _inner.CurrentRevision;

    public long CompactRevision => _inner.CompactRevision;

    /// <summary>True while the cache is loaded and following the inner store (reads are then answered from memory).</summary>
    public bool IsLive => _feed.IsLive;

    /// <summary>The newest revision the cache has applied (metric; may trail <see cref="CurrentRevision"/> briefly).</summary>
    public long CacheRevision => _cache.Revision;

    /// <summary>Live objects held in memory (metric).</summary>
    public int CachedObjectCount => _cache.ObjectCount;

    /// <summary>Watches served from the cache (metric).</summary>
    public int ActiveWatchers => _cache.WatcherCount;

    /// <summary>Watches that were too old for the event buffer and are served by the inner store (metric).</summary>
    public int DelegatedWatchers => Volatile.Read(ref _delegatedWatchers);

    /// <summary>Completes once the first list has been loaded into the cache.</summary>
    public Task WaitUntilLoadedAsync(CancellationToken cancellationToken = default) =>
        _feed.Loaded.WaitAsync(cancellationToken);

    public async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        ThrowIfDisposed();
        return await CatchUpAsync(cancellationToken).ConfigureAwait(false)
            ? _cache.Get(key)
            : await _inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The cached object of <paramref name="key"/> if the cache holds it at exactly <paramref name="modRevision"/>,
    /// without waiting for the cache to catch up; null otherwise (not live, not cached, or at another revision).
    /// For a write that will be checked against that revision by the inner store anyway: if the object has moved
    /// on since, the write's revision check refuses it, so a lagging cache can never let a stale write through.
    /// </summary>
    public StoredObject? GetIfAtRevision(string key, long modRevision)
    {
        KeyRange.ValidateKey(key);
        ThrowIfDisposed();
        return _feed.IsLive && _cache.Get(key) is { } cached && cached.ModRevision == modRevision ? cached : null;
    }

    /// <summary>
    /// The cached object of <paramref name="key"/> at whatever revision the cache has reached, without waiting for it
    /// to catch up; null when the cache is not live or does not hold the key. Possibly stale: only for a write that is
    /// checked against the object's revision by the inner store and that re-reads the store before it reports an
    /// error (upstream's cachedExistingObject in GuaranteedUpdate).
    /// </summary>
    public StoredObject? GetLatestCached(string key)
    {
        KeyRange.ValidateKey(key);
        ThrowIfDisposed();
        return _feed.IsLive ? _cache.Get(key) : null;
    }

    public async Task<ListResult> ListAsync(string prefix, long revision = 0, string? startAfterKey = null, int limit = 0, CancellationToken cancellationToken = default)
    {
        var range = KeyRange.ForPrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ThrowIfDisposed();

        // An explicit revision is a snapshot the cache holds only while it is still the newest; no wait is needed.
        var cached = revision != 0
            ? _cache.Initialized ? _cache.TryList(range, revision, startAfterKey, limit) : null
            : await CatchUpAsync(cancellationToken).ConfigureAwait(false) ? _cache.TryList(range, 0, startAfterKey, limit) : null;
        return cached ?? await _inner.ListAsync(prefix, revision, startAfterKey, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var range = KeyRange.ForPrefix(prefix);
        ThrowIfDisposed();
        return await CatchUpAsync(cancellationToken).ConfigureAwait(false)
            ? _cache.Count(range)
            : await _inner.CountAsync(prefix, cancellationToken).ConfigureAwait(false);
    }

    public Task<StoredObject> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _inner.CreateAsync(key, value, cancellationToken);
    }

    public Task<StoredObject> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _inner.UpdateAsync(key, value, expectedRevision, cancellationToken);
    }

    public Task<StoredObject> UpdateAsync(string key, ReadOnlyMemory<byte> value, StoredObject expected, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _inner.UpdateAsync(key, value, expected, cancellationToken);
    }

    public Task<StoredObject> DeleteAsync(string key, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _inner.DeleteAsync(key, expectedRevision, cancellationToken);
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _inner.CompactAsync(revision, cancellationToken);
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        ThrowIfDisposed();
        return WatchCoreAsync(prefix, afterRevision, cancellationToken);
    }

    /// <summary>Stops the feed, ends every watch cleanly (cached and delegated), then disposes the inner store if it owns it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await _feed.DisposeAsync().ConfigureAwait(false);
        _cache.Close();
        if (_options.DisposeInner)
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the cache has applied the inner store's current revision. False means "ask the inner store":
    /// the cache is not live, or it did not catch up in time.
    /// </summary>
    private async ValueTask<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        if (!_feed.IsLive)
        {
            return false;
        }

        var target = _inner.CurrentRevision;
        if (_cache.Revision >= target)
        {
            return true;
        }

        try
        {
            await _cache.WaitForRevisionAsync(target)
                .WaitAsync(_options.ConsistentReadTimeout, _options.TimeProvider, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            _logger.ConsistentReadTimedOut(_cache.Revision, target, _options.ConsistentReadTimeout);
            return false;
        }
    }

    private async IAsyncEnumerable<WatchEvent> WatchCoreAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Decided at the first MoveNext, not when WatchAsync is called, so the buffer is checked when the watch starts.
        var watcher = _cache.TrySubscribe(KeyRange.ForPrefix(prefix), afterRevision, _options.WatcherBufferSize);
        var events = watcher is null
            ? DelegateWatchAsync(prefix, afterRevision, cancellationToken)
            : ReadCachedAsync(watcher, cancellationToken);
        await foreach (var change in events.ConfigureAwait(false))
        {
            yield return change;
        }
    }

    private async IAsyncEnumerable<WatchEvent> ReadCachedAsync(CacheWatcher watcher, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            foreach (var change in watcher.Replay)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return change;
            }

            await foreach (var change in watcher.Live.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // A watch may start after a revision the cache has not applied yet; those events must not come.
                if (change.Object.ModRevision > watcher.AfterRevision)
                {
                    yield return change;
                }
            }

            watcher.ThrowIfEnded();
        }
        finally
        {
            _cache.Unsubscribe(watcher);
        }
    }

    private async IAsyncEnumerable<WatchEvent> DelegateWatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Linked to disposal so that disposing the cache ends delegated watches too, even when it leaves the inner store open.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        Interlocked.Increment(ref _delegatedWatchers);
        try
        {
            await using var events = _inner.WatchAsync(prefix, afterRevision, linked.Token).GetAsyncEnumerator(linked.Token);
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_disposing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                if (!more)
                {
                    yield break;
                }

                yield return events.Current;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _delegatedWatchers);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
