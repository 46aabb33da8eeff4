namespace Wharf.Node.Agent.Stats;

/// <summary>One sampling round: the node and every pod with a ready sandbox. <see cref="Errors"/> counts sources that failed.</summary>
public sealed record StatsSnapshot(NodeStats Node, IReadOnlyList<PodStats> Pods, int Errors = 0);
