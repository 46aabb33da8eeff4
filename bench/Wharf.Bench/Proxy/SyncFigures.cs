using Wharf.Bench.Measurement;

namespace Wharf.Bench.Proxy;

/// <summary>What one table size measured: the first (full) sync, the rules it wrote, and the single-change syncs.</summary>
internal sealed record SyncFigures(double FullMs, int Rules, Latencies Partial, double CpuMsPerChange);
