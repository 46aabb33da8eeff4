namespace Wharf.Scheduler.Scheduling;

/// <summary>Counters the host can export (upstream scheduler_schedule_attempts_total etc.).</summary>
public sealed class SchedulerMetrics
{
    private long _scheduled, _unschedulable, _errors, _preemptionAttempts, _bindFailures, _e2eTicks;

    public long Scheduled => Interlocked.Read(ref _scheduled);
    public long Unschedulable => Interlocked.Read(ref _unschedulable);
    public long Errors => Interlocked.Read(ref _errors);
    public long PreemptionAttempts => Interlocked.Read(ref _preemptionAttempts);
    public long BindFailures => Interlocked.Read(ref _bindFailures);

    /// <summary>Sum of pop-to-bound durations of scheduled pods.</summary>
    public TimeSpan TotalE2E => TimeSpan.FromTicks(Interlocked.Read(ref _e2eTicks));

    internal void RecordScheduled(TimeSpan e2e)
    {
        Interlocked.Increment(ref _scheduled);
        Interlocked.Add(ref _e2eTicks, e2e.Ticks);
    }

    internal void RecordUnschedulable() => Interlocked.Increment(ref _unschedulable);
    internal void RecordError() => Interlocked.Increment(ref _errors);
    internal void RecordPreemptionAttempt() => Interlocked.Increment(ref _preemptionAttempts);
    internal void RecordBindFailure() => Interlocked.Increment(ref _bindFailures);
}
