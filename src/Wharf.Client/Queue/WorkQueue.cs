namespace Wharf.Client.Queue;

/// <summary>
/// A rate-limited, delaying work queue with client-go's semantics: an item is queued at most once
/// (dirty set); an item re-added while a worker processes it is held back and queued again by
/// <see cref="Done"/>, so one key is never processed by two workers at once.
/// </summary>
public sealed class WorkQueue<T> where T : notnull
{
    private readonly object _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = new();
    private readonly HashSet<T> _processing = new();
    private readonly Dictionary<T, (DateTimeOffset ReadyAt, ITimer Timer)> _waiting = new();
    private readonly IRateLimiter<T> _rateLimiter;
    private readonly TimeProvider _time;
    private TaskCompletionSource _changed = NewSignal();
    private bool _shuttingDown;

    public WorkQueue(IRateLimiter<T>? rateLimiter = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _rateLimiter = rateLimiter ?? RateLimiters.Default<T>(_time);
    }

    /// <summary>Items ready for a worker (not counting delayed or in-flight ones).</summary>
    public int Count
    {
        get { lock (_lock) return _queue.Count; }
    }

    public bool ShuttingDown
    {
        get { lock (_lock) return _shuttingDown; }
    }

    public void Add(T item)
    {
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(item)) return;
            if (_processing.Contains(item)) return; // Done() queues it again
            _queue.Enqueue(item);
            Signal();
        }
    }

    /// <summary>Adds the item once the delay has passed; of several pending delays the earliest wins.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        lock (_lock)
        {
            if (_shuttingDown) return;
            var readyAt = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(item, out var existing))
            {
                if (existing.ReadyAt <= readyAt) return;
                existing.Timer.Dispose();
            }
            var timer = _time.CreateTimer(_ => FireDelayed(item, readyAt), null, delay, Timeout.InfiniteTimeSpan);
            _waiting[item] = (readyAt, timer);
        }
    }

    /// <summary>Adds the item after the rate limiter's delay for it (a failure counts).</summary>
    public void AddRateLimited(T item) => AddAfter(item, _rateLimiter.When(item));

    /// <summary>The item succeeded: reset its backoff.</summary>
    public void Forget(T item) => _rateLimiter.Forget(item);

    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    /// <summary>
    /// Waits for an item and marks it in flight; the caller must call <see cref="Done"/>. Returns
    /// Shutdown = true once the queue is shut down and drained.
    /// </summary>
    public async Task<(T Item, bool Shutdown)> GetAsync(CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_queue.TryDequeue(out var item))
                {
                    _processing.Add(item);
                    _dirty.Remove(item);
                    return (item, false);
                }
                if (_shuttingDown) return (default!, true);
                changed = _changed.Task;
            }
            await changed.WaitAsync(ct);
        }
    }

    public void Done(T item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                _queue.Enqueue(item);
                Signal();
            }
        }
    }

    /// <summary>Stops accepting items and wakes waiting workers; queued items are still handed out.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            foreach (var (_, timer) in _waiting.Values) timer.Dispose();
            _waiting.Clear();
            Signal();
        }
    }

    private void FireDelayed(T item, DateTimeOffset readyAt)
    {
        lock (_lock)
        {
            // A later, earlier-due AddAfter replaced this timer; its own timer adds the item.
            if (!_waiting.TryGetValue(item, out var entry) || entry.ReadyAt != readyAt) return;
            _waiting.Remove(item);
            entry.Timer.Dispose();
        }
        Add(item);
    }

    private void Signal()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
