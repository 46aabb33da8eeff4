using k8s.Models;

namespace Wharf.Scheduler.Cluster;

/// <summary>
/// Status change the scheduler makes to a pending pod. <see cref="NominatedNodeName"/>: null leaves it alone,
/// "" clears it, a name sets it.
/// </summary>
public sealed record PodStatusPatch(V1PodCondition? Condition, string? NominatedNodeName = null);
