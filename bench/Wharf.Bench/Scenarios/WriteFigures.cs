using Wharf.Bench.Measurement;

namespace Wharf.Bench.Scenarios;

/// <summary>
/// Closed-loop write throughput at one client count: creating new objects, then replacing them, with the CPU each
/// phase cost and each phase's latencies and completions per second.
/// </summary>
internal sealed record WriteFigures(int Clients, Throughput Creates, CpuUsage CreateCpu, Throughput Updates, CpuUsage UpdateCpu,
    TimelineSummary CreateTimeline, TimelineSummary UpdateTimeline);
