namespace Wharf.Storage.Caching;

/// <summary>
/// Lets readers wait, without polling, until the cache has applied a revision: each waiter is a task completed by
/// <see cref="Advance"/> as soon as the cache revision reaches its target.
/// </summary>
internal sealed class RevisionWaiters
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<TaskCompletionSource, long> _waiting = new();
    private long _revision;
    private Exception? _closed;

    /// <summary>A task that completes when the revision is at least <paramref name="revision"/>.</summary>
    public Task WaitAsync(long revision)
    {
        lock (_lock)
        {
            if (_closed is not null)
            {
                return Task.FromException(_closed);
            }

            if (revision <= _revision)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter, revision);
            return waiter.Task;
        }
    }

    public void Advance(long revision)
    {
        List<TaskCompletionSource>? released = null;
        lock (_lock)
        {
            _revision = Math.Max(_revision, revision);
            while (_waiting.TryPeek(out var waiter, out var target) && target <= _revision)
            {
                _waiting.Dequeue();
                (released ??= []).Add(waiter);
            }
        }

        released?.ForEach(waiter => waiter.TrySetResult());
    }

    /// <summary>Fails every current and future wait with <paramref name="reason"/> (at shutdown).</summary>
    public void Close(Exception reason)
    {
        List<TaskCompletionSource> released = [];
        lock (_lock)
        {
            _closed = reason;
            while (_waiting.TryDequeue(out var waiter, out _))
            {
                released.Add(waiter);
            }
        }

        released.ForEach(waiter => waiter.TrySetException(reason));
    }
}
