namespace Wharf.Scheduler.Scheduling;

/// <summary>
/// API writes that run off the scheduling loop, one after another per key (a pod's later status patch never
/// overtakes an earlier one) and in parallel across keys.
/// </summary>
internal sealed class OrderedBackgroundWrites
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

    /// <summary>Starts <paramref name="write"/> once the previous write for <paramref name="key"/> has finished.</summary>
    public void Start(string key, Func<Task> write)
    {
        lock (_tails)
        {
            var previous = _tails.GetValueOrDefault(key);
            var next = previous is null || previous.IsCompleted ? write() : previous.ContinueWith(_ => write(), TaskScheduler.Default).Unwrap();
            if (next.IsCompleted) { _tails.Remove(key); return; }
            _tails[key] = next;
            _ = next.ContinueWith(_ => Forget(key, next), TaskScheduler.Default);
        }
    }

    /// <summary>Waits for every write started so far (and those they were queued behind).</summary>
    public async Task WaitAllAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (_tails) pending = [.. _tails.Values];
            if (pending.Length == 0) return;
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    private void Forget(string key, Task finished)
    {
        lock (_tails)
            if (_tails.TryGetValue(key, out var current) && ReferenceEquals(current, finished)) _tails.Remove(key);
    }
}
