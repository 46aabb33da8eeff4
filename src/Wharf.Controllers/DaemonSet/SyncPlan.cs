namespace Wharf.Controllers.DaemonSet;

/// <summary>What one pass decided: nodes to create a daemon pod on, pods to delete, events to record, when to look again.</summary>
public sealed class SyncPlan
{
    public List<string> NodesToCreate { get; } = [];

    public List<string> PodsToDelete { get; } = [];

    public List<(string Type, string Reason, string Message)> Events { get; } = [];

    /// <summary>The shortest wait a backoff asked for; the DaemonSet is queued again after it.</summary>
    public TimeSpan? RequeueAfter { get; private set; }

    public void RequeueWithin(TimeSpan delay)
    {
        if (RequeueAfter is null || delay < RequeueAfter) RequeueAfter = delay;
    }
}
