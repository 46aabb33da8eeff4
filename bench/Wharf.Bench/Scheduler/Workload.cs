namespace Wharf.Bench.Scheduler;

/// <summary>
/// One scheduler_perf workload: hollow nodes (spread over <see cref="Zones"/> when given), pods created and scheduled
/// before the measurement, then the measured pods. <see cref="UpstreamThreshold"/> is the pods/s that upstream's CI
/// expects of kube-scheduler on this workload (0 when none is known).
/// </summary>
internal sealed record Workload(
    string Name,
    int Nodes,
    IReadOnlyList<string> Zones,
    IReadOnlyList<PodBatch> InitPods,
    PodBatch MeasuredPods,
    double UpstreamThreshold)
{
    public IEnumerable<string> Namespaces => InitPods.Select(b => b.Namespace).Append(MeasuredPods.Namespace).Distinct(StringComparer.Ordinal);

    public bool NeedsPriorityClasses => InitPods.Append(MeasuredPods).Any(b => b.Shape is PodShape.LowPriority or PodShape.HighPriority);
}
