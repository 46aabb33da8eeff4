namespace Wharf.Node.Agent.Stats;

/// <summary>
/// Cumulative CPU time at one instant and, once a previous reading exists, the rate between the two
/// (<c>usageNanoCores</c>: nanoseconds of CPU per second of wall time, so 1e9 is one full core).
/// </summary>
public sealed record CpuStats(DateTimeOffset Time, ulong UsageCoreNanoSeconds, ulong? UsageNanoCores = null);
