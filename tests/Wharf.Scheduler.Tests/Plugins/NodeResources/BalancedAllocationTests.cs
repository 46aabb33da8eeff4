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
    public void PreScore_SkipsBestEffortPods()
    {
        var plugin = new BalancedAllocationPlugin(new NodeResourcesBalancedAllocationArgs());

        Assert.True(plugin.PreScore(new CycleState(), PodBuilder.Make(), [NodeInfo.For(NodeBuilder.Make("n"))]).IsSkip);
    }
}
