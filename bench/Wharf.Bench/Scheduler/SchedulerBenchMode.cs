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

    /// <summary>
    /// As upstream's scheduler_perf, the scheduler that placed the initial pods (so with its hot paths compiled) also
    /// places the measured ones: it is frozen (SIGSTOP) while they are created, so that they wait as one backlog, and
    /// the window opens when it resumes (SIGCONT). It then learns of the backlog inside the window, by its watch (or,
    /// if that fell too far behind while frozen, a re-list), as a running scheduler does.
    /// </summary>
    WarmBacklog,
}
