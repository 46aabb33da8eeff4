using k8s.Models;
using Wharf.Scheduler.Cache;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Tests.Cache;

public class SchedulerCacheTests
{
    /// <summary>
    /// The per-cycle snapshot update only visits nodes changed since the snapshot was taken; after each kind of
    /// change it must read the same as a snapshot built from scratch.
    /// </summary>
    [Theory]
    [InlineData("assume")]
    [InlineData("assume then forget")]
    [InlineData("confirm on another node")]
    [InlineData("remove pod")]
    [InlineData("anti-affinity pod")]
    [InlineData("affinity pods removed")]
    [InlineData("affinity pod assumed then forgotten")]
    [InlineData("node with affinity pods relabelled")]
    [InlineData("node update")]
    [InlineData("node removed")]
    [InlineData("node added")]
    public void IncrementalSnapshot_MatchesFreshSnapshot(string change)
    {
        var cache = new SchedulerCache(new ManualTimeProvider());
        for (var i = 0; i < 30; i++) cache.AddNode(NodeBuilder.Make($"n{i}").Zone("z" + i % 3));
        var placed = PodBuilder.Make("placed").Uid("placed").Node("n4").Req(("cpu", "1")).Obj();
        cache.AddPod(placed);
        var anti = PodBuilder.Make("anti").Uid("anti").Node("n10").Label("app", "x").PodAffinity("kubernetes.io/hostname", "app", "x", anti: true).Obj();
        var preferred = PodBuilder.Make("preferred").Uid("preferred").Node("n11").Label("app", "y")
            .PodAffinity("topology.kubernetes.io/zone", "app", "y", weight: 5).PodAffinity("kubernetes.io/hostname", "app", "x", anti: true, weight: 3).Obj();
        cache.AddPod(anti);
        cache.AddPod(preferred);
        var incremental = new Snapshot();
        cache.UpdateSnapshot(incremental);
        var kept = incremental.NodeInfos.ToList();

        var pod = PodBuilder.Make("p").Uid("p").Node("n7").Req(("cpu", "2")).Obj();
        switch (change)
        {
            case "assume": cache.AssumePod(pod); break;
            case "assume then forget": cache.AssumePod(pod); cache.UpdateSnapshot(incremental); cache.ForgetPod(pod); break;
            case "confirm on another node": cache.AssumePod(pod); cache.AddPod(PodBuilder.Make("p").Uid("p").Node("n9").Req(("cpu", "2"))); break;
            case "remove pod": cache.RemovePod(placed); break;
            case "anti-affinity pod": cache.AddPod(PodBuilder.Make("a").Uid("a").Node("n12").Label("app", "x").PodAffinity("kubernetes.io/hostname", "app", "x", anti: true)); break;
            case "affinity pods removed": cache.RemovePod(anti); cache.RemovePod(preferred); break;
            case "affinity pod assumed then forgotten":
                var required = PodBuilder.Make("req").Uid("req").Node("n13").Label("app", "y").PodAffinity("topology.kubernetes.io/zone", "app", "y").Obj();
                cache.AssumePod(required); cache.UpdateSnapshot(incremental); cache.ForgetPod(required); break;
            case "node with affinity pods relabelled": cache.UpdateNode(NodeBuilder.Make("n11").Zone("z2").Label("kubernetes.io/hostname", "renamed")); break;
            case "node update": cache.UpdateNode(NodeBuilder.Make("n5").Zone("z2").Capacity(("cpu", "64"))); break;
            case "node removed": cache.RemoveNode(NodeBuilder.Make("n6").Zone("z0")); break;
            case "node added": cache.AddNode(NodeBuilder.Make("n30").Zone("z1")); break;
        }
        cache.UpdateSnapshot(incremental);
        var fresh = new Snapshot();
        cache.UpdateSnapshot(fresh);

        Assert.Equal(Describe(fresh.NodeInfos), Describe(incremental.NodeInfos));
        Assert.Equal(Describe(fresh.ExistingTerms), Describe(incremental.ExistingTerms));
        Assert.All(incremental.NodeInfos, ni => Assert.Same(incremental.Get(ni.Name), ni));
        // Without a change to the node set, nodes nobody touched keep their clone: that is what makes the update cheap.
        if (!change.StartsWith("node ", StringComparison.Ordinal) || change == "node update")
            Assert.Same(kept[0], incremental.Get(kept[0].Name));
    }

    private static string[] Describe(IEnumerable<Wharf.Scheduler.Framework.NodeInfo> nodes) =>
        [.. nodes.Select(n => $"{n.Name} pods={n.Pods.Count} cpu={n.Requested.MilliCpu}/{n.Allocatable.MilliCpu} aff={n.PodsWithAffinity.Count} anti={n.PodsWithRequiredAntiAffinity.Count}")];

    private static string[] Describe(Wharf.Scheduler.Framework.ExistingPodTerms terms) =>
        [.. terms.RequiredAntiAffinity.Concat(terms.Scoring)
            .Select(g => $"{g.Kind} {g.Term.TopologyKey} w={g.Weight} " + string.Join(",", g.PodsByDomain.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}")))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void AssumedPod_CountsInSnapshot_UntilForgotten()
    {
        var cache = new SchedulerCache(new ManualTimeProvider());
        cache.AddNode(NodeBuilder.Make("n"));
        var pod = PodBuilder.Make().Node("n").Req(("cpu", "1")).Obj();
        var snapshot = new Snapshot();

        cache.AssumePod(pod);
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(1000, snapshot.Get("n")!.Requested.MilliCpu);

        cache.ForgetPod(pod);
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(0, snapshot.Get("n")!.Requested.MilliCpu);
    }

    [Fact]
    public void AddPod_ConfirmsAssumedPod_WithoutDoubleCounting()
    {
        var cache = new SchedulerCache(new ManualTimeProvider());
        cache.AddNode(NodeBuilder.Make("n"));
        var pod = PodBuilder.Make().Node("n").Req(("cpu", "1")).Obj();
        cache.AssumePod(pod);

        cache.AddPod(pod);
        cache.ForgetPod(pod);
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);

        Assert.False(cache.IsAssumed(pod));
        Assert.Equal(1000, snapshot.Get("n")!.Requested.MilliCpu);
    }

    [Fact]
    public void AddOrConfirmPod_AnswersWhatTheCacheHeldBefore()
    {
        var cache = new SchedulerCache(new ManualTimeProvider());
        cache.AddNode(NodeBuilder.Make("n"));
        var assumed = PodBuilder.Make("a").Uid("a").Node("n").Obj();
        cache.AssumePod(assumed);
        var informerCopy = PodBuilder.Make("a").Uid("a").Node("n").Label("v", "2").Obj();

        Assert.Equal((assumed, true), cache.AddOrConfirmPod(informerCopy));
        Assert.False(cache.IsAssumed(informerCopy));
        Assert.Same(informerCopy, cache.GetPod(informerCopy));
        var update = PodBuilder.Make("a").Uid("a").Node("n").Label("v", "3").Obj();
        Assert.Equal((informerCopy, false), cache.AddOrConfirmPod(update));
        var stranger = PodBuilder.Make("b").Uid("b").Node("n").Obj();
        Assert.Equal(((V1Pod?)null, false), cache.AddOrConfirmPod(stranger));
        Assert.Equal(2, cache.PodCount);
    }

    [Fact]
    public void AssumePod_WithASharedPodInfo_CountsLikeOneBuiltFromThePod()
    {
        var cache = new SchedulerCache(new ManualTimeProvider());
        cache.AddNode(NodeBuilder.Make("n"));
        var queued = new Wharf.Scheduler.Framework.PodInfo(PodBuilder.Make("p").Uid("p").Req(("cpu", "1500m")).Obj());

        cache.AssumePod(queued.ForPlacedCopy(PodCopier.WithNodeName(queued.Pod, "n")));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);

        Assert.True(cache.IsAssumed(queued.Pod));
        Assert.Equal(1500, snapshot.Get("n")!.Requested.MilliCpu);
        Assert.Equal("n", snapshot.Get("n")!.Pods.Single().Pod.Spec.NodeName);
    }

    [Fact]
    public void UpdateSnapshot_ClonesOnlyChangedNodes()
    {
        var cache = new SchedulerCache(new ManualTimeProvider());
        cache.AddNode(NodeBuilder.Make("a"));
        cache.AddNode(NodeBuilder.Make("b"));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var (a, b) = (snapshot.Get("a"), snapshot.Get("b"));

        cache.AddPod(PodBuilder.Make().Node("a"));
        cache.UpdateSnapshot(snapshot);

        Assert.NotSame(a, snapshot.Get("a"));
        Assert.Same(b, snapshot.Get("b"));
    }

    [Fact]
    public void NodeOrder_InterleavesZones()
    {
        var cache = new SchedulerCache(new ManualTimeProvider());
        foreach (var (n, z) in new[] { ("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("b2", "b") }) cache.AddNode(NodeBuilder.Make(n).Zone(z));
        var snapshot = new Snapshot();

        cache.UpdateSnapshot(snapshot);

        Assert.Equal(["a1", "b1", "a2", "b2", "a3"], snapshot.NodeInfos.Select(n => n.Name));
    }

    [Fact]
    public void RemovedNode_WithPods_LeavesSnapshotButKeepsPods()
    {
        var cache = new SchedulerCache(new ManualTimeProvider());
        var node = NodeBuilder.Make("n").Obj();
        cache.AddNode(node);
        var pod = PodBuilder.Make().Node("n").Obj();
        cache.AddPod(pod);
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);

        cache.RemoveNode(node);
        cache.UpdateSnapshot(snapshot);

        Assert.Equal(0, snapshot.NumNodes);
        Assert.True(cache.Contains(pod));
        Assert.Equal(pod.Uid(), cache.GetPod(pod)!.Uid());
    }

    [Fact]
    public void AssumedPod_Expires_AfterTtlOnlyOnceBindingFinished()
    {
        var time = new ManualTimeProvider();
        var cache = new SchedulerCache(time, TimeSpan.FromSeconds(30));
        cache.AddNode(NodeBuilder.Make("n"));
        var pod = PodBuilder.Make().Node("n").Obj();
        cache.AssumePod(pod);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, cache.CleanupExpiredAssumedPods());

        cache.FinishBinding(pod);
        time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, cache.CleanupExpiredAssumedPods());
    }
}
