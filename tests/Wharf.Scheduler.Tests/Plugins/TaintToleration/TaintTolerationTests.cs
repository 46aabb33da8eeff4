using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.TaintToleration;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Plugins.TaintToleration;

public class TaintTolerationTests
{
    public static TheoryData<string, V1Node, V1Pod, string?> FilterCases => new()
    {
        { "no taints", NodeBuilder.Make("n"), PodBuilder.Make(), null },
        { "untolerated NoSchedule", NodeBuilder.Make("n").Taint("dedicated", "gpu", "NoSchedule"), PodBuilder.Make(), "node(s) had untolerated taint {dedicated: gpu}" },
        { "untolerated NoExecute", NodeBuilder.Make("n").Taint("k", "v", "NoExecute"), PodBuilder.Make(), "node(s) had untolerated taint {k: v}" },
        { "PreferNoSchedule never filters", NodeBuilder.Make("n").Taint("k", "v", "PreferNoSchedule"), PodBuilder.Make(), null },
        { "Equal toleration", NodeBuilder.Make("n").Taint("dedicated", "gpu", "NoSchedule"), PodBuilder.Make().Toleration("dedicated", "Equal", "gpu", "NoSchedule"), null },
        { "Equal with other value", NodeBuilder.Make("n").Taint("dedicated", "gpu", "NoSchedule"), PodBuilder.Make().Toleration("dedicated", "Equal", "cpu"), "node(s) had untolerated taint {dedicated: gpu}" },
        { "Exists without key tolerates all", NodeBuilder.Make("n").Taint("a", "b", "NoSchedule"), PodBuilder.Make().Toleration("", "Exists"), null },
        { "effect must match", NodeBuilder.Make("n").Taint("a", "b", "NoExecute"), PodBuilder.Make().Toleration("a", "Exists", effect: "NoSchedule"), "node(s) had untolerated taint {a: b}" },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter(string name, V1Node node, V1Pod pod, string? reason)
    {
        var status = new TaintTolerationPlugin().Filter(new CycleState(), pod, NodeInfo.For(node));

        Assert.Equal(reason is null ? [] : [reason], status.Reasons);
        if (reason is not null) Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        Assert.NotNull(name);
    }

    [Fact]
    public void Score_FewerUntoleratedPreferNoScheduleTaintsWins()
    {
        var nodes = new V1Node[]
        {
            NodeBuilder.Make("clean"),
            NodeBuilder.Make("one").Taint("a", "1", "PreferNoSchedule"),
            NodeBuilder.Make("two").Taint("a", "1", "PreferNoSchedule").Taint("b", "2", "PreferNoSchedule"),
            NodeBuilder.Make("tolerated").Taint("c", "3", "PreferNoSchedule"),
        };
        var fw = TestFramework.Create(nodes, null, PluginNames.TaintToleration);

        var scores = fw.RunScore(PodBuilder.Make().Toleration("c", "Exists"));

        Assert.Equal(new long[] { 100, 50, 0, 100 }, new[] { scores["clean"], scores["one"], scores["two"], scores["tolerated"] });
    }
}
