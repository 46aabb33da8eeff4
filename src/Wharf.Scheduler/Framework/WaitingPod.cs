using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>A pod held at Permit until every waiting plugin allows it, one rejects it, or its timeout passes.</summary>
public sealed class WaitingPod
{
    private readonly TaskCompletionSource<Status> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _pending;

    internal WaitingPod(V1Pod pod, IEnumerable<string> pendingPlugins)
    {
        Pod = pod;
        _pending = [.. pendingPlugins];
    }

    public V1Pod Pod { get; }

    internal Task<Status> Result => _done.Task;

    public void Allow(string plugin)
    {
        lock (_pending)
        {
            _pending.Remove(plugin);
            if (_pending.Count == 0) _done.TrySetResult(Status.Success);
        }
    }

    public void Reject(string plugin, string message) => _done.TrySetResult(Status.Unschedulable(message).WithPlugin(plugin));
}
