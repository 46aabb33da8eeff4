using System.Collections.Concurrent;
using System.Globalization;
using Wharf.Scheduler.Batching;
using Wharf.Scheduler.Metrics;
using Wharf.Scheduler.Queue;

namespace Wharf.Scheduler.Scheduling;

/// <summary>
/// The scheduler's metrics under upstream's names (scheduler_schedule_attempts_total and friends). One instance
/// may outlive several <see cref="SchedulingLoop"/>s (a host restarting the loop keeps its counters).
/// </summary>
public sealed class SchedulerMetrics
{
    public const string ResultScheduled = "scheduled";
    public const string ResultUnschedulable = "unschedulable";
    public const string ResultError = "error";

    // Upstream's buckets: attempt duration ExponentialBuckets(0.001, 2, 15), SLI (0.01, 2, 20),
    // attempts (1, 2, 5), victims LinearBuckets(5, 5, 10).
    private static readonly double[] AttemptBuckets = Histogram.Exponential(0.001, 2, 15);
    private static readonly double[] SliBuckets = Histogram.Exponential(0.01, 2, 20);
    private static readonly double[] AttemptCountBuckets = Histogram.Exponential(1, 2, 5);
    private static readonly double[] VictimBuckets = Histogram.Linear(5, 5, 10);

    private readonly ConcurrentDictionary<(string Result, string Profile), Histogram> _attempts = new();
    private readonly ConcurrentDictionary<int, Histogram> _sli = new();
    private readonly Histogram _attemptCounts = new(AttemptCountBuckets);
    private readonly Histogram _victims = new(VictimBuckets);
    private long _scheduled, _unschedulable, _errors, _preemptionAttempts, _bindFailures, _e2eTicks;

    /// <summary>Opportunistic batching's counters (scheduler_batch_*).</summary>
    public BatchMetrics Batch { get; } = new();

    public long Scheduled => Interlocked.Read(ref _scheduled);
    public long Unschedulable => Interlocked.Read(ref _unschedulable);
    public long Errors => Interlocked.Read(ref _errors);
    public long PreemptionAttempts => Interlocked.Read(ref _preemptionAttempts);
    public long BindFailures => Interlocked.Read(ref _bindFailures);

    /// <summary>Sum of attempt-start-to-bound durations of scheduled pods.</summary>
    public TimeSpan TotalE2E => TimeSpan.FromTicks(Interlocked.Read(ref _e2eTicks));

    /// <summary>Attempts of one profile ending in <paramref name="result"/> (scheduled, unschedulable, error).</summary>
    public long Attempts(string result, string profile) =>
        _attempts.TryGetValue((result, profile), out var h) ? h.Read().Count : 0;

    /// <param name="attempt">From the start of the scheduling cycle to the end of the bind.</param>
    /// <param name="sinceFirstAttempt">From when the pod first entered the queue to the end of the bind.</param>
    internal void RecordScheduled(string profile, TimeSpan attempt, TimeSpan sinceFirstAttempt, int attempts)
    {
        Interlocked.Increment(ref _scheduled);
        Interlocked.Add(ref _e2eTicks, attempt.Ticks);
        Attempt(ResultScheduled, profile).Observe(attempt.TotalSeconds);
        _sli.GetOrAdd(attempts, _ => new Histogram(SliBuckets)).Observe(sinceFirstAttempt.TotalSeconds);
        _attemptCounts.Observe(attempts);
    }

    internal void RecordUnschedulable(string profile, TimeSpan attempt)
    {
        Interlocked.Increment(ref _unschedulable);
        Attempt(ResultUnschedulable, profile).Observe(attempt.TotalSeconds);
    }

    internal void RecordError(string profile, TimeSpan attempt)
    {
        Interlocked.Increment(ref _errors);
        Attempt(ResultError, profile).Observe(attempt.TotalSeconds);
    }

    internal void RecordPreemptionAttempt() => Interlocked.Increment(ref _preemptionAttempts);
    internal void RecordPreemptionVictims(int victims) => _victims.Observe(victims);
    internal void RecordBindFailure() => Interlocked.Increment(ref _bindFailures);

    private Histogram Attempt(string result, string profile) => _attempts.GetOrAdd((result, profile), _ => new Histogram(AttemptBuckets));

    /// <summary>Writes every family in Prometheus text form; queue gauges come from <paramref name="queue"/> when one is running.</summary>
    public void WriteTo(TextWriter writer, SchedulingQueue? queue)
    {
        var text = new PrometheusText(writer);
        var attempts = _attempts.OrderBy(a => a.Key.Profile, StringComparer.Ordinal).ThenBy(a => a.Key.Result, StringComparer.Ordinal).ToList();

        text.Header("scheduler_schedule_attempts_total", "counter", "Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.");
        foreach (var ((result, profile), h) in attempts)
            text.Sample("scheduler_schedule_attempts_total", [("profile", profile), ("result", result)], h.Read().Count);

        text.Header("scheduler_scheduling_attempt_duration_seconds", "histogram", "Scheduling attempt latency in seconds (scheduling algorithm + binding)");
        foreach (var ((result, profile), h) in attempts)
            text.Histogram("scheduler_scheduling_attempt_duration_seconds", [("profile", profile), ("result", result)], h);

        text.Header("scheduler_pod_scheduling_sli_duration_seconds", "histogram", "E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue and might involve multiple scheduling attempts.");
        foreach (var (count, h) in _sli.OrderBy(s => s.Key))
            text.Histogram("scheduler_pod_scheduling_sli_duration_seconds", [("attempts", count.ToString(CultureInfo.InvariantCulture))], h);

        text.Header("scheduler_pod_scheduling_attempts", "histogram", "Number of attempts to successfully schedule a pod.");
        text.Histogram("scheduler_pod_scheduling_attempts", [], _attemptCounts);

        text.Header("scheduler_preemption_attempts_total", "counter", "Total preemption attempts in the cluster till now");
        text.Sample("scheduler_preemption_attempts_total", [], PreemptionAttempts);

        text.Header("scheduler_preemption_victims", "histogram", "Number of selected preemption victims");
        text.Histogram("scheduler_preemption_victims", [], _victims);

        text.Header("scheduler_bind_failures_total", "counter", "Number of failed binding cycles (Wharf-specific).");
        text.Sample("scheduler_bind_failures_total", [], BindFailures);

        Batch.WriteTo(text);

        if (queue is null) return;
        text.Header("scheduler_pending_pods", "gauge", "Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods.");
        text.Sample("scheduler_pending_pods", [("queue", "active")], queue.ActiveCount);
        text.Sample("scheduler_pending_pods", [("queue", "backoff")], queue.BackoffCount);
        text.Sample("scheduler_pending_pods", [("queue", "unschedulable")], queue.UnschedulableCount);
    }
}
