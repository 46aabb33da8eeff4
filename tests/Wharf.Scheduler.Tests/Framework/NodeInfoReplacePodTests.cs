using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Framework;

/// <summary>
/// <see cref="NodeInfo.ReplacePod"/> must leave the node exactly as RemovePod then AddPod would; it only skips the
/// label counts' work (and their copy once a clone froze them) when both versions of the pod count alike.
/// </summary>
public class NodeInfoReplacePodTests
{
    private static PodBuilder Pod(string ns = "ns") => PodBuilder.Make("p", ns).Uid("u1").Node("n1").Req(("cpu", "100m")).Label("app", "web");

    [Fact]
    public void AStatusChange_KeepsTheFrozenCounts_InsteadOfCopyingThem()
    {
        var node = NodeInfo.For(NodeBuilder.Make("n1"), Pod().Obj());
        _ = node.Clone();
        var frozen = node.LabelCounts;

        var updated = Pod().Obj();
        updated.Status.Phase = "Succeeded";
        node.ReplacePod(node.Pods[0].Pod, new PodInfo(updated));

        Assert.Same(frozen, node.LabelCounts);
        Assert.Same(updated, Assert.Single(node.Pods).Pod);
        Assert.Equal((1, 1), (node.LabelCounts.InNamespace("ns"), node.LabelCounts.WithLabel("ns", "app", "web")));
    }

    public static TheoryData<string, Func<V1Pod>> Changes => new()
    {
        { "status only", () => Pod().Obj() },
        { "label value", () => Pod().Label("app", "db").Obj() },
        { "label added", () => Pod().Label("tier", "front").Obj() },
        { "labels gone", () => { var p = Pod().Obj(); p.Metadata.Labels = null; return p; } },
        { "terminating", () => Pod().Terminating().Obj() },
        { "no namespace", () => { var p = Pod().Obj(); p.Metadata.NamespaceProperty = null; return p; } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Replace_CountsAsRemoveThenAdd(string change, Func<V1Pod> updated)
    {
        foreach (var frozen in new[] { false, true })
        {
            var replaced = NodeInfo.For(NodeBuilder.Make("n1"), Pod().Obj(), PodBuilder.Make("q", "ns").Uid("u2").Node("n1").Label("app", "web").Obj());
            var reference = NodeInfo.For(NodeBuilder.Make("n1"), Pod().Obj(), PodBuilder.Make("q", "ns").Uid("u2").Node("n1").Label("app", "web").Obj());
            if (frozen) _ = replaced.Clone();

            var newer = updated();
            replaced.ReplacePod(replaced.Pods[0].Pod, new PodInfo(newer));
            reference.RemovePod(reference.Pods[0].Pod);
            reference.AddPod(new PodInfo(newer));

            Assert.Equal(Describe(reference), Describe(replaced));
            Assert.True(Describe(replaced).Contains("app=db") == (change == "label value"), change);
        }
    }

    [Fact]
    public void ReplacingAPodTheNodeDoesNotHave_AddsItWithItsLabels()
    {
        var node = NodeInfo.For(NodeBuilder.Make("n1"));
        node.ReplacePod(Pod().Obj(), new PodInfo(Pod().Obj()));
        Assert.Equal((1, 1), (node.LabelCounts.InNamespace("ns"), node.LabelCounts.WithLabel("ns", "app", "web")));
    }

    [Fact]
    public void CountAlike_ComparesNamespaceLabelsAndTermination()
    {
        Assert.True(PodLabelCounts.CountAlike(Pod().Obj(), Pod().Obj()));
        Assert.True(PodLabelCounts.CountAlike(Pod().Terminating().Obj(), Pod("other").Terminating().Label("x", "y").Obj()));
        Assert.False(PodLabelCounts.CountAlike(Pod().Obj(), Pod("other").Obj()));
        Assert.False(PodLabelCounts.CountAlike(Pod().Obj(), Pod().Label("app", "db").Obj()));
        Assert.False(PodLabelCounts.CountAlike(Pod().Obj(), Pod().Label("x", "y").Obj()));
        Assert.False(PodLabelCounts.CountAlike(Pod().Obj(), Pod().Terminating().Obj()));
        var withoutLabels = Pod().Obj();
        withoutLabels.Metadata.Labels = new Dictionary<string, string>();
        var nullLabels = Pod().Obj();
        nullLabels.Metadata.Labels = null;
        Assert.True(PodLabelCounts.CountAlike(withoutLabels, nullLabels));
    }

    /// <summary>Pods in order, requests and the counts of every namespace and label the tests use.</summary>
    private static string Describe(NodeInfo node)
    {
        var counts = node.LabelCounts;
        var labels = new[] { ("app", "web"), ("app", "db"), ("tier", "front") }
            .Where(l => counts.WithLabel("ns", l.Item1, l.Item2) > 0)
            .Select(l => $"{l.Item1}={l.Item2}:{counts.WithLabel("ns", l.Item1, l.Item2)}");
        return $"pods={string.Join(",", node.Pods.Select(p => p.Uid))} requested=[{node.Requested}] ns={counts.InNamespace("ns")} {string.Join(" ", labels)}";
    }
}
