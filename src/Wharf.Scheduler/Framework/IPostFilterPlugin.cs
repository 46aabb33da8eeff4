using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>Runs when no node passed Filter (preemption). Async because it may evict pods.</summary>
public interface IPostFilterPlugin : IPlugin
{
    ValueTask<PostFilterOutcome> PostFilterAsync(CycleState state, V1Pod pod, NodeToStatus filteredNodeStatus, CancellationToken ct);
}
