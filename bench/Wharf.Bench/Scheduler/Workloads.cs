namespace Wharf.Bench.Scheduler;

/// <summary>
/// The workloads of upstream's test/integration/scheduler_perf performance configs that issue 4 names, with their
/// counts: the full run uses the 5000Nodes variants (SchedulingBasic as 5000Nodes_10000Pods; PreemptionBasic as the
/// 500Nodes variant), <c>--quick</c> the 500Nodes ones (PreemptionBasic a fifth of it). Thresholds are upstream's
/// (misc/performance-config.yaml; SchedulingPodAntiAffinity and MixedSchedulingBasePod from
/// affinity/performance-config.yaml's 5000Nodes variants). PreemptionBasic has no threshold upstream: the 570 pods/s
/// of preemption belong to PreemptionAsync, the throughput of ordinary pods while preemptors arrive at 5/s.
/// </summary>
internal static class Workloads
{
    private const string Zone = "zone1";
    private static readonly string[] Moons = ["moon-1", "moon-2", "moon-3"];

    public static IReadOnlyList<Workload> All(bool quick) =>
    [
        new("SchedulingBasic", quick ? 500 : 5000, [],
            [new("default", PodShape.Default, quick ? 500 : 1000)], new("default", PodShape.Default, quick ? 1000 : 10_000), 680),
        new("SchedulingPodAntiAffinity", quick ? 500 : 5000, [],
            [new("sched-0", PodShape.PodAntiAffinity, quick ? 100 : 1000)], new("sched-1", PodShape.PodAntiAffinity, quick ? 400 : 1000), 60),
        new("TopologySpreading", quick ? 500 : 5000, Moons,
            [new("default", PodShape.Default, quick ? 1000 : 5000)], new("default", PodShape.TopologySpreading, quick ? 1000 : 2000), 85),
        new("PreemptionBasic", quick ? 100 : 500, [],
            [new("default", PodShape.LowPriority, quick ? 400 : 2000)], new("default", PodShape.HighPriority, quick ? 100 : 500), 0),
        new("PreemptionAsync", quick ? 500 : 5000, [],
            [new("default", PodShape.LowPriority, quick ? 2000 : 20_000)], new("default", PodShape.Default, quick ? 500 : 5000), 570,
            Churn: new("churn", PodShape.HighPriority, 0)),
        new("MixedSchedulingBasePod", quick ? 500 : 5000, [Zone],
            [
                new("sched-0", PodShape.Default, quick ? 200 : 2000),
                new("sched-0", PodShape.PodAffinity, quick ? 200 : 2000),
                new("sched-0", PodShape.PodAntiAffinity, quick ? 200 : 2000),
                new("sched-0", PodShape.PreferredPodAffinity, quick ? 200 : 2000),
                new("sched-0", PodShape.PreferredPodAntiAffinity, quick ? 200 : 2000),
            ],
            new("default", PodShape.Default, 1000), 140),
        // Not upstream's: where opportunistic batching applies (signable pods, one per node). PodTopologySpread's
        // default constraints would make every pod unsignable, so the scheduler runs with List defaulting.
        new("SchedulingWholeNode", quick ? 500 : 5000, [],
            [new("default", PodShape.WholeNode, quick ? 100 : 500)], new("default", PodShape.WholeNode, quick ? 300 : 4000), 0,
            SchedulerConfig: SignableConfig),
    ];

    private const string SignableConfig = """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        profiles:
        - schedulerName: default-scheduler
          pluginConfig:
          - name: PodTopologySpread
            args:
              defaultingType: List
        """;
}
