namespace Wharf.Storage.Caching;

/// <summary>Settings of <see cref="CachingStorageBackend"/>.</summary>
public sealed class CachingStorageOptions
{
    /// <summary>
    /// Recent events kept for watches that start from an older revision. Count-based rather than time-based
    /// (upstream keeps about 75 s): memory stays bounded under write bursts, and at 100 writes/s the default still
    /// covers 100 s, longer than a client takes to go from a LIST to its WATCH. Older watches go to the inner store.
    /// </summary>
    public int EventBufferSize { get; set; } = 10_000;

    /// <summary>Live events queued per watcher; a watcher that falls this far behind is ended with <see cref="WatchOverflowException"/>.</summary>
    public int WatcherBufferSize { get; set; } = 1024;

    /// <summary>
    /// How long a read waits for the cache to reach the inner store's revision before it is answered by the inner
    /// store instead (3 s, as upstream): a stalled feed makes reads slower, never stale.
    /// </summary>
    public TimeSpan ConsistentReadTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>First delay before the feed retries after a failure; doubled per consecutive failure.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between feed retries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Items per page of the (re-)list that loads the cache; all pages are read at one revision.</summary>
    public int ListPageSize { get; set; } = 10_000;

    /// <summary>Whether disposing the cache also disposes the inner store (true: the cache owns it).</summary>
    public bool DisposeInner { get; set; } = true;

    /// <summary>Clock for retry delays and read timeouts.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(EventBufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(WatcherBufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ListPageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ConsistentReadTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryInitialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryInitialDelay);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
