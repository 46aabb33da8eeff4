namespace Wharf.Scheduler.Queue;

/// <summary>Upstream's queue timings: backoff 1 s doubling to 10 s, unschedulable pods flushed after 5 minutes.</summary>
public sealed record QueueOptions
{
    public TimeSpan PodInitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan PodMaxBackoff { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxInUnschedulablePods { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan BackoffFlushInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan UnschedulableFlushInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Upstream's SchedulerPopFromBackoffQ (on by default since 1.33): when activeQ is empty, Pop takes the head of
    /// backoffQ instead of idling until its backoff expires, so a scheduler with nothing else to do retries at once.
    /// </summary>
    public bool PopFromBackoffQ { get; init; } = true;
}
