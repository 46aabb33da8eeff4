using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.NodeResources;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.NodeResources;

public class BalancedAllocationTests
{
    [Theory]
    [InlineData("equal fractions", "1", "2Gi", 100)]
    [InlineData("cpu half, memory none", "2", "0", 75)]
    [InlineData("cpu full, memory quarter", "4", "2Gi", 62)]
    public void Score(string name, string cpu, string memory, long expected)
    {
        var plugin = new BalancedAllocationPlugin(new NodeResourcesBalancedAllocationArgs());
        var pod = PodBuilder.Make().Req(("cpu", cpu), ("memory", memory)).Obj();
        var state = new CycleState();
        var node = NodeInfo.For(NodeBuilder.Make("n"));
        Assert.True(plugin.PreScore(state, pod, [node]).IsSuccess);

        plugin.Score(state, pod, node, out var score);

        Assert.Equal(expected, score);
        Assert.NotNull(name);
    }

    [Fact]
    public void Score_ThreeResources_OneMinusTheirStandardDeviation()
    {
        var args = new NodeResourcesBalancedAllocationArgs { Resources = [new() { Name = "cpu" }, new() { Name = "memory" }, new() { Name = "ephemeral-storage" }] };
        var plugin = new BalancedAllocationPlugin(args);
        var pod = PodBuilder.Make().Req(("cpu", "1"), ("memory", "2Gi"), ("ephemeral-storage", "50Gi")).Obj();
        var state = new CycleState();
        var node = NodeInfo.For(NodeBuilder.Make("n"));
        Assert.True(plugin.PreScore(state, pod, [node]).IsSuccess);

        plugin.Score(state, pod, node, out var score);

        // Fractions 0.25, 0.25, 0.5: mean 1/3, population standard deviation 0.1179, (1 - 0.1179) * 100 = 88.
        Assert.Equal(88, score);
    }

    [Fact]
    public void PreScore_SkipsBestEffortPods()
    {
        var plugin = new BalancedAllocationPlugin(new NodeResourcesBalancedAllocationArgs());

        Assert.True(plugin.PreScore(new CycleState(), PodBuilder.Make(), [NodeInfo.For(NodeBuilder.Make("n"))]).IsSkip);
    }
}
