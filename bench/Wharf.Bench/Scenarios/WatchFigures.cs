using Wharf.Bench.Measurement;

namespace Wharf.Bench.Scenarios;

/// <summary>
/// Watch delivery latencies (one sample per watcher per write). <paramref name="Missing"/> deliveries never
/// arrived within the grace period; <paramref name="BeforeAck"/> arrived before the write's answer did and count as 0 ms.
/// </summary>
internal sealed record WatchFigures(Latencies Delivery, int Expected, int Missing, int BeforeAck);
