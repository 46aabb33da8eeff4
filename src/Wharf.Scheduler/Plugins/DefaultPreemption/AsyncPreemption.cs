using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Queue;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// Upstream's asynchronous preemption (KEP-4832): the victims are deleted off the scheduling loop, and until that
/// is done the preemptor is kept out of activeQ (<see cref="IsRunning"/> backs the plugin's PreEnqueue). All victims
/// but the last are deleted in parallel; then the last one is recorded and deleted. From the moment the cache no
/// longer holds that last victim the preemptor may go, even before the call returns, so the victim's deletion event
/// is what releases a parked preemptor. A failed call activates the preemptor at once (it would otherwise wait for an
/// event that never comes).
/// </summary>
internal sealed class AsyncPreemption(Func<V1Pod, bool> isPodCached, Func<IPodActivator> activator)
{
    /// <summary>Reads the handle only when needed: plugins are built before the framework behind it is complete.</summary>
    public AsyncPreemption(IFrameworkHandle handle) : this(pod => handle.IsPodCached(pod), () => handle.Activator)
    {
    }

    private readonly object _lock = new();

    /// <summary>
    /// Preemptor UID → its last victim once that one's deletion has started (null before), and whether the calls
    /// are done. A successful entry stays until the cache has seen the last victim go: the calls may return before
    /// the informer delivers the deletions, and a preemptor let in then would find its victims still there and
    /// preempt again.
    /// </summary>
    private readonly Dictionary<string, (V1Pod? Last, bool Done)> _running = new(StringComparer.Ordinal);

    public bool IsRunning(V1Pod preemptor)
    {
        lock (_lock)
        {
            var uid = preemptor.Uid();
            if (!_running.TryGetValue(uid, out var entry)) return false;
            if (entry.Last is null || isPodCached(entry.Last)) return true;
            if (entry.Done) _running.Remove(uid);
            return false;
        }
    }

    /// <summary>
    /// Starts the API calls and returns as soon as they are under way; the task completes when they are all done
    /// (the loop does not wait for it). Victims already terminating are not deleted again.
    /// </summary>
    public Task Start(V1Pod preemptor, IReadOnlyList<V1Pod> victims, Func<V1Pod, Task> preemptVictim, Func<Task> clearLowerNominations)
    {
        var toDelete = victims.Where(v => v.Metadata.DeletionTimestamp is null).ToList();
        if (toDelete.Count == 0) return Task.CompletedTask;
        lock (_lock)
        {
            ForgetSettled();
            _running[preemptor.Uid()] = (null, false);
        }
        return RunAsync(preemptor, toDelete, preemptVictim, clearLowerNominations);
    }

    private async Task RunAsync(V1Pod preemptor, List<V1Pod> victims, Func<V1Pod, Task> preemptVictim, Func<Task> clearLowerNominations)
    {
        var uid = preemptor.Uid();
        var failed = false;
        try
        {
            // Not critical: the nominated pods would find out on their next attempt.
            try { await clearLowerNominations().ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { failed = true; }

            var allButLast = victims.Take(victims.Count - 1).Select(preemptVictim).ToList();
            if (allButLast.Count > 0) await Task.WhenAll(allButLast).ConfigureAwait(false);
            var last = victims[^1];
            lock (_lock) _running[uid] = (last, false);
            await preemptVictim(last).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A victim that could not be deleted: skip the rest so that the preemptor retries sooner.
            failed = true;
        }
        finally
        {
            lock (_lock)
            {
                if (failed || !_running.TryGetValue(uid, out var entry) || entry.Last is null || !isPodCached(entry.Last)) _running.Remove(uid);
                else _running[uid] = entry with { Done = true };
            }
        }
        if (failed) activator().Activate(preemptor);
    }

    /// <summary>Preemptions still remembered (finished ones whose preemptor has not been checked again included).</summary>
    internal int Count
    {
        get { lock (_lock) return _running.Count; }
    }

    /// <summary>
    /// Drops the entries whose calls are done and whose last victim the cache no longer holds: <see cref="IsRunning"/>
    /// would let their preemptors in anyway, and a preemptor deleted before it was checked again would otherwise
    /// leave its entry behind for good. Called under the lock.
    /// </summary>
    private void ForgetSettled()
    {
        List<string>? settled = null;
        foreach (var (uid, entry) in _running)
            if (entry.Done && entry.Last is not null && !isPodCached(entry.Last))
                (settled ??= []).Add(uid);
        foreach (var uid in settled ?? [])
            _running.Remove(uid);
    }
}
