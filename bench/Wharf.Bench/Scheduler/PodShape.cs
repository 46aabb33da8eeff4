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
}
