using Microsoft.Extensions.Logging;

namespace Wharf.Storage.Caching;

/// <summary>
/// Keeps the <see cref="WatchCache"/> up to date with ONE watch of the whole inner store. It lists once, then
/// watches from the list's revision. When the watch fails or ends (the inner store dropped a slow consumer, an I/O
/// fault) it resumes from the cache revision: the inner store replays its log, so nothing is lost and the cache's
/// watchers carry on. Only when that revision has been compacted away does it re-list, which ends the cache's
/// watchers. Failures are retried with exponential backoff; any applied event resets it.
/// </summary>
internal sealed class CacheFeed : IAsyncDisposable
{
    private readonly IStorageBackend _inner;
    private readonly WatchCache _cache;
    private readonly CachingStorageOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private volatile bool _live;

    public CacheFeed(IStorageBackend inner, WatchCache cache, CachingStorageOptions options, ILogger logger)
    {
        _inner = inner;
        _cache = cache;
        _options = options;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>
    /// True while the cache is loaded and its watch of the inner store is running; reads only wait for the cache
    /// then, and go straight to the inner store otherwise.
    /// </summary>
    public bool IsLive => _live;

    /// <summary>Completes when the first list has been loaded; cancelled when the feed stops before that.</summary>
    public Task Loaded => _loaded.Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    internal static TimeSpan RetryDelay(int failures, TimeSpan initial, TimeSpan max)
    {
        var delay = initial * Math.Pow(2, Math.Min(failures - 1, 30));
        return delay < max ? delay : max;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? failure = null;
            try
            {
                if (needList)
                {
                    await LoadAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                }

                _live = true;
                await foreach (var change in _inner.WatchAsync("", _cache.Revision, cancellationToken).ConfigureAwait(false))
                {
                    LogOverflows(_cache.Apply(change));
                    failures = 0;
                }

                // The inner store ended the watch without an error, e.g. because it is shutting down.
                _logger.FeedEnded(_cache.Revision);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (RevisionCompactedException compacted)
            {
                _logger.FeedCompacted(compacted.Requested, compacted.Compacted);
                needList = true;
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            _live = false;
            failures++;
            var delay = RetryDelay(failures, _options.RetryInitialDelay, _options.RetryMaxDelay);
            if (failure is not null)
            {
                _logger.FeedFailed(_cache.Revision, failures, delay, failure);
            }

            try
            {
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _live = false;
        _loaded.TrySetCanceled(cancellationToken);
    }

    /// <summary>Reads the whole store page by page at one revision and replaces the cache with it.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var items = new List<StoredObject>();
        var page = await _inner.ListAsync("", 0, null, _options.ListPageSize, cancellationToken).ConfigureAwait(false);
        items.AddRange(page.Items);
        while (page.HasMore)
        {
            page = await _inner.ListAsync("", page.Revision, items[^1].Key, _options.ListPageSize, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
        }

        _cache.Replace(items, page.Revision);
        _logger.CacheListed(items.Count, page.Revision);
        _loaded.TrySetResult();
    }

    private void LogOverflows(List<CacheWatcher>? overflowed)
    {
        foreach (var watcher in overflowed ?? [])
        {
            _logger.CacheWatcherOverflowed(watcher.Range.Prefix, watcher.Capacity, _cache.Revision);
        }
    }
}
