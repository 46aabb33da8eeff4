using Wharf.Scheduler.Cache;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Tests.Cache;

public class SchedulerCacheTests
{
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
