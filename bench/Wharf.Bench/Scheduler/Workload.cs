namespace Wharf.Bench.Scheduler;

/// <summary>
/// One scheduler_perf workload: hollow nodes (spread over <see cref="Zones"/> when given), pods created and scheduled
/// before the measurement, then the measured pods. <see cref="UpstreamThreshold"/> is the pods/s that upstream's CI
/// expects of kube-scheduler on this workload (0 when none is known). <see cref="Churn"/>, when set, is upstream's
/// <c>churn</c> op in create mode: one pod of that batch's shape every <see cref="ChurnInterval"/> while the measured
/// pods are being placed (its count is unused). <see cref="SchedulerConfig"/>, when set, is the separate scheduler's
/// KubeSchedulerConfiguration (<c>--scheduler-config</c>).
/// </summary>
internal sealed record Workload(
    string Name,
    int Nodes,
    IReadOnlyList<string> Zones,
    IReadOnlyList<PodBatch> InitPods,
    PodBatch MeasuredPods,
    double UpstreamThreshold,
    PodBatch? Churn = null,
    string? SchedulerConfig = null)
{
    /// <summary>upstream's churn <c>intervalMilliseconds: 200</c>: five pods a second.</summary>
    public static readonly TimeSpan ChurnInterval = TimeSpan.FromMilliseconds(200);

    private IEnumerable<PodBatch> Batches => Churn is null ? InitPods.Append(MeasuredPods) : InitPods.Append(MeasuredPods).Append(Churn);

    public IEnumerable<string> Namespaces => Batches.Select(b => b.Namespace).Distinct(StringComparer.Ordinal);

    public bool NeedsPriorityClasses => Batches.Any(b => b.Shape is PodShape.LowPriority or PodShape.HighPriority);
}
