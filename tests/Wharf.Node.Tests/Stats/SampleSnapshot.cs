using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Tests.Stats;

/// <summary>A hand-made stats round with round numbers, for the JSON and Prometheus renderings.</summary>
internal static class SampleSnapshot
{
    public static readonly DateTimeOffset Time = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    public static StatsSnapshot Create(int errors = 0)
    {
        var start = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);
        var node = new NodeStats("n1", start, new CpuStats(Time, 90_500_000_000, 1_250_000_000), new MemoryStats(Time, 3000, 2000, 1000, 5, 1, 6000),
            new NetworkStats(Time, new InterfaceStats("ens3", 10, 0, 20, 0), [new InterfaceStats("ens3", 10, 0, 20, 0)]),
            new FsStats(Time, 100, 1000, 900, 50, 40, 10), new FsStats(Time, 300, 1000, 700), new RlimitStats(Time, 32768, 120),
            [new ContainerStats("pods", "/kubepods", start, new CpuStats(Time, 5_000_000_000), new MemoryStats(Time, 9000, 7000, 6000, 0, 0), null,
                new FsStats(Time, 1))]);
        var app = new ContainerStats("app", "c1", start.AddMinutes(1), new CpuStats(Time, 1_500_000_000, 100_000_000),
            new MemoryStats(Time, 4096, 2048, 1024, 0, 0), new FsStats(Time, 8192, InodesUsed: 3), new FsStats(Time, 100));
        var pod = new PodStats(new PodReference("shop", "web", "u-1"), start, new CpuStats(Time, 2_000_000_000), new MemoryStats(Time, 8192, 4096, 2048, 0, 0),
            null, [app], [new VolumeStats("scratch", new FsStats(Time, 4096, 1000, 900))], new FsStats(Time, 12388, InodesUsed: 4), 2);
        return new StatsSnapshot(node, [pod], errors);
    }
}
