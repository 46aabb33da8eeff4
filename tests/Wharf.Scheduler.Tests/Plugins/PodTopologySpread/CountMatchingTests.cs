using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.PodTopologySpread;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Tests.Plugins.PodTopologySpread;

/// <summary>The label-count fast path of CountMatching must give exactly the plain walk's count, whatever the history.</summary>
public class CountMatchingTests
{
    private static readonly string[] Namespaces = ["a", "b"];
    private static readonly string[] Keys = ["app", "tier", "pod-template-hash"];
    private static readonly string[] Values = ["x", "y", "z"];

    [Theory]
    [InlineData("small nodes, seed 1", 1, 8)]
    [InlineData("small nodes, seed 2", 2, 8)]
    [InlineData("density-sized nodes, seed 3", 3, 50)]
    [InlineData("density-sized nodes, seed 4", 4, 50)]
    public void FastCount_EqualsWalk_ThroughAddsRemovesClonesAndTermination(string name, int seed, int podsPerNode)
    {
        var rnd = new Random(seed);
        var selectors = Enumerable.Range(0, 60).Select(_ => RandomSelector(rnd)).Append(LabelSelector.Everything).Append(LabelSelector.Nothing).ToList();
        var nodes = new List<NodeInfo> { NodeInfo.For(NodeBuilder.Make("n0")) };
        var next = 0;
        var checks = 0;
        for (var step = 0; step < 300; step++)
        {
            var node = nodes[rnd.Next(nodes.Count)];
            switch (rnd.Next(10))
            {
                case < 5 when node.Pods.Count < podsPerNode:
                    node.AddPod(new PodInfo(RandomPod(rnd, next++)));
                    break;
                case < 8 when node.Pods.Count > 0:
                    Assert.True(node.RemovePod(node.Pods[rnd.Next(node.Pods.Count)].Pod));
                    break;
                default:
                    if (nodes.Count >= 10) break;
                    // A clone shares the counts until one side changes; both sides keep changing afterwards.
                    nodes.Add(node.Clone());
                    break;
            }
            foreach (var ni in nodes)
                foreach (var ns in Namespaces)
                    foreach (var selector in selectors)
                    {
                        Assert.Equal(SpreadConstraint.CountByWalk(ni.Pods, selector, ns), SpreadConstraint.CountMatching(ni, selector, ns));
                        checks++;
                    }
        }
        Assert.True(nodes.Count > 3 && checks > 5_000, name);
    }

    public static TheoryData<string, LabelSelector, int> DirectCases => new()
    {
        { "single key=value counts the label", LabelSelector.FromMap(new Dictionary<string, string> { ["app"] = "web" }), 2 },
        { "two pairs need the walk", LabelSelector.FromMap(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }), 1 },
        { "a pair no pod has rules all out", LabelSelector.FromMap(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "back" }), 0 },
        { "empty selector counts the namespace", LabelSelector.Everything, 3 },
        { "null selector counts nothing", LabelSelector.Nothing, 0 },
        { "NotIn walks", Expr("app", "NotIn", "web"), 1 },
    };

    [Theory]
    [MemberData(nameof(DirectCases))]
    public void CountMatching_SkipsTerminatingAndOtherNamespaces(string name, LabelSelector selector, int expected)
    {
        var node = NodeInfo.For(NodeBuilder.Make("n"),
            PodBuilder.Make("w1").Label("app", "web").Label("tier", "front"),
            PodBuilder.Make("w2").Label("app", "web"),
            PodBuilder.Make("d1").Label("app", "db"),
            PodBuilder.Make("w3").Label("app", "web").Label("tier", "front").Terminating(),
            PodBuilder.Make("w4", "other").Label("app", "web").Label("tier", "front"));

        Assert.Equal((name, expected), (name, SpreadConstraint.CountMatching(node, selector, "default")));
        Assert.Equal((name, expected), (name, SpreadConstraint.CountByWalk(node.Pods, selector, "default")));
    }

    [Fact]
    public void Clone_KeepsItsCounts_WhenTheSourceChanges()
    {
        var node = NodeInfo.For(NodeBuilder.Make("n"), PodBuilder.Make("w1").Label("app", "web"));
        var clone = node.Clone();
        var web = LabelSelector.FromMap(new Dictionary<string, string> { ["app"] = "web" });

        node.AddPod(new PodInfo(PodBuilder.Make("w2").Label("app", "web")));
        clone.RemovePod(clone.Pods[0].Pod);

        Assert.Equal((2, 0), (SpreadConstraint.CountMatching(node, web, "default"), SpreadConstraint.CountMatching(clone, web, "default")));
    }

    private static V1Pod RandomPod(Random rnd, int i)
    {
        var b = PodBuilder.Make("p" + i, Namespaces[rnd.Next(Namespaces.Length)]);
        foreach (var key in Keys)
            if (rnd.Next(3) > 0) b.Label(key, Values[rnd.Next(Values.Length)]);
        if (rnd.Next(6) == 0) b.Terminating();
        return b;
    }

    private static LabelSelector RandomSelector(Random rnd)
    {
        var s = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(), MatchExpressions = [] };
        foreach (var key in Keys)
            switch (rnd.Next(6))
            {
                case 0 or 1: s.MatchLabels[key] = Values[rnd.Next(Values.Length)]; break;
                case 2: s.MatchExpressions.Add(SelectorRequirements.Of(key, "In", [.. Values.Where(_ => rnd.Next(2) == 0)])); break;
                case 3: s.MatchExpressions.Add(SelectorRequirements.Of(key, rnd.Next(2) == 0 ? "NotIn" : "Exists", rnd.Next(2) == 0 ? ["x"] : null)); break;
                case 4: s.MatchExpressions.Add(SelectorRequirements.Of(key, "DoesNotExist")); break;
            }
        return LabelSelector.Compile(s);
    }

    private static LabelSelector Expr(string key, string op, params string[] values) =>
        LabelSelector.Compile(new V1LabelSelector { MatchExpressions = [SelectorRequirements.Of(key, op, values)] });
}
