namespace Wharf.Bench.Scheduler;

/// <summary>The pod templates of upstream's scheduler_perf that the workloads here use.</summary>
internal enum PodShape
{
    Default,
    PodAntiAffinity,
    PodAffinity,
    PreferredPodAffinity,
    PreferredPodAntiAffinity,
    TopologySpreading,
    LowPriority,
    HighPriority,

    /// <summary>Not upstream's: 3 of a node's 4 CPU, so each pod fills its node (the shape opportunistic batching targets).</summary>
    WholeNode,
}
