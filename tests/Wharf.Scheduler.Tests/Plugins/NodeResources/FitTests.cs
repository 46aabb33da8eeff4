using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.NodeResources;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.NodeResources;

public class FitTests
{
    public static TheoryData<string, V1Pod, V1Pod[], string[]> FilterCases => new()
    {
        { "fits on an empty node", PodBuilder.Make().Req(("cpu", "1"), ("memory", "1Gi")), [], [] },
        { "no requests always fits", PodBuilder.Make(), [PodBuilder.Make().Node("n").Req(("cpu", "4"))], [] },
        { "insufficient cpu", PodBuilder.Make().Req(("cpu", "1")), [PodBuilder.Make().Node("n").Req(("cpu", "3500m"))], ["Insufficient cpu"] },
        { "insufficient cpu and memory keep upstream order", PodBuilder.Make().Req(("memory", "5Gi"), ("cpu", "2")), [PodBuilder.Make().Node("n").Req(("cpu", "3"), ("memory", "4Gi"))], ["Insufficient cpu", "Insufficient memory"] },
        { "init container max rule", PodBuilder.Make().Req(("cpu", "1")).InitReq(false, ("cpu", "3")), [PodBuilder.Make().Node("n").Req(("cpu", "2"))], ["Insufficient cpu"] },
        { "init container below app sum fits", PodBuilder.Make().Req(("cpu", "1")).InitReq(false, ("cpu", "2")), [PodBuilder.Make().Node("n").Req(("cpu", "2"))], [] },
        { "sidecar adds to app containers", PodBuilder.Make().Req(("cpu", "2")).InitReq(true, ("cpu", "1")), [PodBuilder.Make().Node("n").Req(("cpu", "1500m"))], ["Insufficient cpu"] },
        { "overhead counts", PodBuilder.Make().Req(("cpu", "2")).Overhead(("cpu", "500m")), [PodBuilder.Make().Node("n").Req(("cpu", "1600m"))], ["Insufficient cpu"] },
        { "extended resource missing on node", PodBuilder.Make().Req(("example.com/gpu", "1")), [], ["Insufficient example.com/gpu"] },
        { "ephemeral storage", PodBuilder.Make().Req(("ephemeral-storage", "200Gi")), [], ["Insufficient ephemeral-storage"] },
        { "extended resource requested at zero fits", PodBuilder.Make().Req(("cpu", "1"), ("example.com/gpu", "0")), [], [] },
        { "pod slots and cpu both short, in upstream order", PodBuilder.Make().Req(("cpu", "1")), [.. Enumerable.Range(0, 110).Select(i => PodBuilder.Make($"p{i}").Uid($"p{i}").Node("n").Req(("cpu", "35m")).Obj())], ["Too many pods", "Insufficient cpu"] },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter(string name, V1Pod pod, V1Pod[] existing, string[] reasons)
    {
        var plugin = new FitPlugin(new NodeResourcesFitArgs());
        var node = NodeInfo.For(NodeBuilder.Make("n"), existing);
        var state = new CycleState();
        plugin.PreFilter(state, pod, [node], out _);

        var status = plugin.Filter(state, pod, node);

        Assert.Equal(reasons, status.Reasons);
        Assert.Equal(reasons.Length == 0 ? StatusCode.Success : StatusCode.Unschedulable, status.Code);
        Assert.NotNull(name);
    }

    [Fact]
    public void Filter_TooManyPods_WhenPodSlotsAreUsed()
    {
        var plugin = new FitPlugin(new NodeResourcesFitArgs());
        var node = NodeInfo.For(NodeBuilder.Make("n").Capacity(("pods", "1")), PodBuilder.Make().Node("n"));
        var pod = PodBuilder.Make().Obj();

        Assert.Equal(["Too many pods"], plugin.Filter(new CycleState(), pod, node).Reasons);
    }

    [Fact]
    public void Filter_IgnoredExtendedResource_Fits()
    {
        var plugin = new FitPlugin(new NodeResourcesFitArgs { IgnoredResourceGroups = ["example.com"] });
        var pod = PodBuilder.Make().Req(("example.com/gpu", "1")).Obj();

        Assert.True(plugin.Filter(new CycleState(), pod, NodeInfo.For(NodeBuilder.Make("n"))).IsSuccess);
    }

    public static TheoryData<string, string, long> ScoreCases => new()
    {
        { "least allocated: a quarter used on both", ScoringStrategyType.LeastAllocated, 75 },
        { "most allocated: a quarter used on both", ScoringStrategyType.MostAllocated, 25 },
        { "requested to capacity ratio shaped like least allocated", ScoringStrategyType.RequestedToCapacityRatio, 75 },
    };

    [Theory]
    [MemberData(nameof(ScoreCases))]
    public void Score_Strategies(string name, string strategy, long expected)
    {
        var args = new NodeResourcesFitArgs
        {
            ScoringStrategy = new ScoringStrategy
            {
                Type = strategy,
                RequestedToCapacityRatio = new RequestedToCapacityRatioParam { Shape = [new() { Utilization = 0, Score = 10 }, new() { Utilization = 100, Score = 0 }] },
            },
        };
        var plugin = new FitPlugin(args);
        var pod = PodBuilder.Make().Req(("cpu", "1"), ("memory", "2Gi")).Obj();

        plugin.Score(new CycleState(), pod, NodeInfo.For(NodeBuilder.Make("n")), out var score);

        Assert.Equal(expected, score);
        Assert.NotNull(name);
    }

    [Fact]
    public void Score_LeastAllocated_UsesNonZeroDefaultsForUnsetRequests()
    {
        var plugin = new FitPlugin(new NodeResourcesFitArgs());
        var node = NodeInfo.For(NodeBuilder.Make("n").Capacity(("cpu", "1"), ("memory", "1000Mi")));

        plugin.Score(new CycleState(), PodBuilder.Make(), node, out var score);

        // cpu: (1000-100)*100/1000 = 90; memory: (1000-200)*100/1000 = 80; mean 85.
        Assert.Equal(85, score);
    }

    [Fact]
    public void Score_ExtendedResource_CountsOnlyWhenRequested()
    {
        var args = new NodeResourcesFitArgs { ScoringStrategy = new ScoringStrategy { Resources = [new() { Name = "cpu", Weight = 1 }, new() { Name = "example.com/gpu", Weight = 3 }] } };
        var plugin = new FitPlugin(args);
        var node = NodeInfo.For(NodeBuilder.Make("n").Capacity(("example.com/gpu", "4")));

        plugin.Score(new CycleState(), PodBuilder.Make().Req(("cpu", "1")), node, out var withoutGpu);
        plugin.Score(new CycleState(), PodBuilder.Make().Req(("cpu", "1"), ("example.com/gpu", "2")), node, out var withGpu);

        Assert.Equal(75, withoutGpu);
        Assert.Equal((75 * 1 + 50 * 3) / 4, withGpu);
    }
}
