namespace Wharf.Scheduler.Queue;

/// <summary>Upstream's queue timings: backoff 1 s doubling to 10 s, unschedulable pods flushed after 5 minutes.</summary>
public sealed record QueueOptions
{
    public TimeSpan PodInitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan PodMaxBackoff { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxInUnschedulablePods { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan BackoffFlushInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan UnschedulableFlushInterval { get; init; } = TimeSpan.FromSeconds(30);
}
