namespace Wharf.Bench.Scheduler;

/// <summary>How the measured pods meet the scheduler.</summary>
internal enum SchedulerBenchMode
{
    /// <summary>
    /// Created by the benchmark's clients while the scheduler runs: the figure is bounded by whichever is slower, the
    /// API server's create path or the scheduler (the benchmark as it was before the fifth session).
    /// </summary>
    Streaming,

    /// <summary>
    /// Created while no scheduler runs, then a fresh <c>wharf scheduler</c> places the whole backlog: the figure is
    /// the scheduler's own throughput, binding through the API server included (what scheduler_perf measures, whose
    /// clients create pods faster than kube-scheduler places them).
    /// </summary>
    Backlog,
}
