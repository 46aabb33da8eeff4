using Wharf.Bench.Measurement;

namespace Wharf.Bench.Scenarios;

/// <summary>
/// Closed-loop write throughput at one client count: creating new objects, then replacing them, with the CPU each
/// phase cost and each phase's latencies and completions per second.
/// </summary>
internal sealed record WriteFigures(int Clients, Throughput Creates, CpuUsage CreateCpu, Throughput Updates, CpuUsage UpdateCpu,
    TimelineSummary CreateTimeline, TimelineSummary UpdateTimeline, long? CreateAllocatedBytes = null, long? UpdateAllocatedBytes = null)
{
    /// <summary>Server bytes allocated per create and per update, as "N.N / N.N KB per write", or null when the target does not tell.</summary>
    public string? AllocatedPerWrite => CreateAllocatedBytes is { } c && UpdateAllocatedBytes is { } u
        ? $"{c / 1024.0 / Math.Max(1, Creates.Completed):F1} / {u / 1024.0 / Math.Max(1, Updates.Completed):F1} KB allocated per create / update"
        : null;
}
