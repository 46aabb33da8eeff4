using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Tests.Stats;

public sealed class CpuRateTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("half a core over 10 s", 1_000_000_000UL, 6_000_000_000UL, 10_000, 500_000_000UL)]
    [InlineData("two full cores over 2 s", 0UL, 4_000_000_000UL, 2_000, 2_000_000_000UL)]
    [InlineData("idle", 7_000UL, 7_000UL, 10_000, 0UL)]
    [InlineData("1 ms of CPU in 250 ms", 5_000_000UL, 6_000_000UL, 250, 4_000_000UL)]
    public void NanoCores_is_cpu_time_used_per_second_of_wall_time(string name, ulong before, ulong after, int elapsedMs, ulong expected)
    {
        var rate = CpuRateTracker.NanoCores(new CpuStats(T0, before), new CpuStats(T0.AddMilliseconds(elapsedMs), after));

        Assert.True(rate == expected, $"{name}: {rate}");
    }

    [Theory]
    [InlineData("counter went backwards (restarted container)", 9_000UL, 1_000UL, 1_000)]
    [InlineData("no time passed", 1_000UL, 2_000UL, 0)]
    [InlineData("clock went backwards", 1_000UL, 2_000UL, -1_000)]
    public void NanoCores_is_unknown_rather_than_wrong(string name, ulong before, ulong after, int elapsedMs)
    {
        var rate = CpuRateTracker.NanoCores(new CpuStats(T0, before), new CpuStats(T0.AddMilliseconds(elapsedMs), after));

        Assert.True(rate is null, $"{name}: {rate}");
    }

    [Fact]
    public void WithRates_rates_node_pods_and_containers_from_the_previous_round_only()
    {
        var tracker = new CpuRateTracker();
        var first = tracker.WithRates(Snapshot(T0, node: 10_000_000_000, pod: 1_000_000_000, container: 500_000_000));
        var second = tracker.WithRates(Snapshot(T0.AddSeconds(10), node: 25_000_000_000, pod: 3_000_000_000, container: 1_500_000_000));
        var afterGap = tracker.WithRates(Snapshot(T0.AddSeconds(20), node: 35_000_000_000, pod: 3_000_000_000, container: 1_500_000_000, withPod: false));

        Assert.Null(first.Node.Cpu.UsageNanoCores);
        Assert.Null(first.Pods[0].Cpu!.UsageNanoCores);
        Assert.Equal(1_500_000_000UL, second.Node.Cpu.UsageNanoCores);
        Assert.Equal(200_000_000UL, second.Pods[0].Cpu!.UsageNanoCores);
        Assert.Equal(100_000_000UL, second.Pods[0].Containers[0].Cpu!.UsageNanoCores);
        Assert.Equal(1_000_000_000UL, afterGap.Node.Cpu.UsageNanoCores);
        Assert.Empty(afterGap.Pods);
    }

    [Fact]
    public void WithRates_forgets_a_pod_missing_from_one_round()
    {
        var tracker = new CpuRateTracker();
        tracker.WithRates(Snapshot(T0, 1, 1_000_000_000, 1));
        tracker.WithRates(Snapshot(T0.AddSeconds(10), 2, 0, 0, withPod: false));

        var back = tracker.WithRates(Snapshot(T0.AddSeconds(20), 3, 9_000_000_000, 1));

        Assert.Null(back.Pods[0].Cpu!.UsageNanoCores);
    }

    private static StatsSnapshot Snapshot(DateTimeOffset time, ulong node, ulong pod, ulong container, bool withPod = true)
    {
        var memory = new MemoryStats(time, 1, 1, 1, 0, 0);
        var nodeStats = new NodeStats("n1", T0, new CpuStats(time, node), memory, null, null, null, null);
        if (!withPod) return new StatsSnapshot(nodeStats, []);
        var c = new ContainerStats("app", "cid", T0, new CpuStats(time, container), memory, null, null);
        var p = new PodStats(new PodReference("p", "ns", "uid-1"), T0, new CpuStats(time, pod), memory, null, [c], [], null, null);
        return new StatsSnapshot(nodeStats, [p]);
    }
}
