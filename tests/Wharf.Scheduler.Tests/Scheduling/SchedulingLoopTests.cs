using k8s.Models;
using Wharf.Client.Tests.Support;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Scheduling;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Tests.Scheduling;

public class SchedulingLoopTests
{
    private readonly ManualTimeProvider _time = new();

    private (SchedulingLoop Loop, FakeCluster Cluster) NewLoop(KubeSchedulerConfiguration? config = null, int maxBindsInFlight = 64)
    {
        var cluster = new FakeCluster();
        var options = new SchedulerOptions { Time = _time, Random = _ => 0, MaxBindsInFlight = maxBindsInFlight };
        if (config is not null) options = options with { Configuration = config };
        var loop = new SchedulingLoop(cluster, options);
        cluster.Loop = loop;
        return (loop, cluster);
    }

    /// <summary>Schedules until the active queue is empty and every bind has landed.</summary>
    private static async Task DrainAsync(SchedulingLoop loop)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            while (loop.Queue.ActiveCount > 0) await loop.ScheduleNextAsync(cts.Token);
            await loop.WaitForBindingsAsync();
            if (loop.Queue.ActiveCount == 0) return;
        }
    }

    [Fact]
    public async Task Schedules_1000Pods_On_100Nodes_WithinCapacity()
    {
        var (loop, cluster) = NewLoop();
        for (var i = 0; i < 100; i++) cluster.Add(NodeBuilder.Make($"node-{i:D3}").Zone("z" + i % 3).Capacity(("cpu", "4"), ("memory", "16Gi"), ("pods", "20")));
        for (var i = 0; i < 1000; i++) cluster.Add(PodBuilder.Make($"pod-{i:D4}").Req(("cpu", "350m"), ("memory", "1Gi")));

        await DrainAsync(loop);

        Assert.Equal(1000, cluster.Bindings.Count);
        var perNode = cluster.Bindings.GroupBy(b => b.Node).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perNode.Values, n => Assert.InRange(n, 1, 11)); // 11 × 350m ≤ 4 cpu
        Assert.Equal(100, perNode.Count);
        Assert.Equal(1000, loop.Metrics.Scheduled);
        var scheduled = cluster.Events.Where(e => e.Reason == "Scheduled").ToList();
        Assert.Equal(1000, scheduled.Count);
        var first = cluster.Bindings.First();
        Assert.Contains(scheduled, e => e.Message == $"Successfully assigned default/{first.Pod} to {first.Node}" && e.Type == "Normal" && e.ReportingController == "default-scheduler");
        Assert.Equal(1000, loop.Cache.PodCount);
    }

    [Theory]
    [InlineData("one slot binds one at a time", 1)]
    [InlineData("four slots", 4)]
    public async Task SlowBinds_StayWithinMaxBindsInFlight_WhileSchedulingGoesOn(string because, int slots)
    {
        var (loop, cluster) = NewLoop(maxBindsInFlight: slots);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.BindGate = () => release.Task;
        for (var i = 0; i < 10; i++) cluster.Add(NodeBuilder.Make($"node-{i}").Capacity(("cpu", "4"), ("memory", "16Gi"), ("pods", "20")));
        for (var i = 0; i < 20; i++) cluster.Add(PodBuilder.Make($"pod-{i:D2}").Req(("cpu", "100m")));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (loop.Queue.ActiveCount > 0) await loop.ScheduleNextAsync(cts.Token);
        // Every pod was scheduled and assumed although no bind has finished: binding never holds up the loop.
        Assert.Equal(20, loop.Cache.PodCount);
        await Eventually.HoldsAsync(() => cluster.MaxConcurrentBinds == slots, because);
        release.SetResult();
        await loop.WaitForBindingsAsync();

        Assert.Equal(20, cluster.Bindings.Count);
        Assert.Equal(slots, cluster.MaxConcurrentBinds);
    }

    [Fact]
    public async Task Unschedulable_GetsFailedSchedulingAndCondition()
    {
        var (loop, cluster) = NewLoop();
        cluster.Add(NodeBuilder.Make("small").Label("disk", "ssd").Capacity(("cpu", "1")));
        cluster.Add(NodeBuilder.Make("hdd1").Label("disk", "hdd"));
        cluster.Add(NodeBuilder.Make("hdd2").Label("disk", "hdd"));
        cluster.Add(PodBuilder.Make("big").NodeSelector("disk", "ssd").Req(("cpu", "2")));

        await DrainAsync(loop);

        const string expected = "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.";
        var evt = Assert.Single(cluster.Events);
        Assert.Equal(("FailedScheduling", "Warning", expected), (evt.Reason, evt.Type, evt.Message));
        var condition = cluster.Pod("uid-default-big").Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.Equal(("False", "Unschedulable", expected), (condition.Status, condition.Reason, condition.Message));
        Assert.Equal(1, loop.Queue.UnschedulableCount);
    }

    [Fact]
    public async Task UnschedulablePod_IsScheduled_WhenAFittingNodeArrives()
    {
        var (loop, cluster) = NewLoop();
        cluster.Add(NodeBuilder.Make("small").Capacity(("cpu", "1")));
        cluster.Add(PodBuilder.Make("big").Req(("cpu", "2")));
        await DrainAsync(loop);
        Assert.Empty(cluster.Bindings);

        cluster.Add(NodeBuilder.Make("large").Capacity(("cpu", "8")));
        _time.Advance(TimeSpan.FromSeconds(2));
        loop.Queue.FlushBackoffQCompleted();
        await DrainAsync(loop);

        Assert.Equal(("big", "large"), Assert.Single(cluster.Bindings));
    }

    [Fact]
    public async Task Preemption_EvictsLowPriorityPod_ThenSchedulesPreemptor()
    {
        var (loop, cluster) = NewLoop();
        cluster.Add(NodeBuilder.Make("n").Capacity(("cpu", "2")));
        cluster.Add(PodBuilder.Make("low").Priority(1).Req(("cpu", "2")));
        await DrainAsync(loop);
        Assert.Single(cluster.Bindings);

        cluster.Add(PodBuilder.Make("high").Priority(100).Req(("cpu", "2")));
        await DrainAsync(loop);

        var deletion = Assert.Single(cluster.Deletions);
        Assert.Equal("low", deletion.Pod);
        Assert.Equal("n", cluster.Pod("uid-default-high").Status.NominatedNodeName);
        _time.Advance(TimeSpan.FromSeconds(2));
        loop.Queue.FlushBackoffQCompleted();
        await DrainAsync(loop);

        Assert.Contains(("high", "n"), cluster.Bindings);
    }

    [Fact]
    public async Task BindFailure_ForgetsAssumedPod_AndRetries()
    {
        var (loop, cluster) = NewLoop();
        cluster.Add(NodeBuilder.Make("n").Capacity(("cpu", "1")));
        cluster.FailBindFor.Add("p");
        cluster.Add(PodBuilder.Make("p").Req(("cpu", "1")));

        await DrainAsync(loop);

        Assert.Equal(0, loop.Cache.PodCount);
        Assert.Equal(1, loop.Metrics.BindFailures);
        Assert.Equal(1, loop.Queue.BackoffCount);
        var condition = cluster.Pod("uid-default-p").Status.Conditions.Single();
        Assert.Equal("SchedulerError", condition.Reason);

        cluster.FailBindFor.Clear();
        _time.Advance(TimeSpan.FromSeconds(2));
        loop.Queue.FlushBackoffQCompleted();
        await DrainAsync(loop);
        Assert.Equal(("p", "n"), Assert.Single(cluster.Bindings));
    }

    [Fact]
    public async Task SecondProfile_SchedulesItsPods_AndForeignPodsAreIgnored()
    {
        var config = SchedulerConfigLoader.Parse("""
            profiles:
              - schedulerName: default-scheduler
              - schedulerName: packer
                pluginConfig:
                  - name: NodeResourcesFit
                    args: {scoringStrategy: {type: MostAllocated}}
                plugins:
                  score:
                    disabled: [{name: NodeResourcesBalancedAllocation}]
            """);
        var (loop, cluster) = NewLoop(config);
        cluster.Add(NodeBuilder.Make("busy"));
        cluster.Add(NodeBuilder.Make("idle"));
        cluster.Add(PodBuilder.Make("existing").Node("busy").Req(("cpu", "2"), ("memory", "4Gi")));
        cluster.Add(PodBuilder.Make("packed").SchedulerName("packer").Req(("cpu", "1"), ("memory", "1Gi")));
        cluster.Add(PodBuilder.Make("foreign").SchedulerName("someone-else"));

        await DrainAsync(loop);

        Assert.Equal(("packed", "busy"), Assert.Single(cluster.Bindings));
        Assert.Equal("packer", Assert.Single(cluster.Events).ReportingController);
    }

    [Fact]
    public async Task PodPinnedToMissingNode_ReportsRestrictingPlugin()
    {
        var (loop, cluster) = NewLoop();
        cluster.Add(NodeBuilder.Make("a"));
        cluster.Add(NodeBuilder.Make("b"));
        cluster.Add(PodBuilder.Make("p").RequiredNodeName("gone"));

        await DrainAsync(loop);

        Assert.Equal("0/2 nodes are available: 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
            Assert.Single(cluster.Events).Message);
    }

    [Fact]
    public async Task NoNodes_ReportsUpstreamMessage()
    {
        var (loop, cluster) = NewLoop();
        cluster.Add(PodBuilder.Make("p"));

        await DrainAsync(loop);

        Assert.Equal("no nodes available to schedule pods", Assert.Single(cluster.Events).Message);
    }

    [Fact]
    public async Task PercentageOfNodesToScore_LimitsFeasibleNodesAndRotatesStart()
    {
        var (loop, cluster) = NewLoop(SchedulerConfigLoader.Parse("{percentageOfNodesToScore: 10, parallelism: 1}"));
        for (var i = 0; i < 300; i++) cluster.Add(NodeBuilder.Make($"n{i:D3}"));
        cluster.Add(PodBuilder.Make("p1"));
        cluster.Add(PodBuilder.Make("p2"));

        await DrainAsync(loop);

        // 10% of 300 is below the floor of 100 nodes; each cycle filters 100 nodes and starts where the last stopped
        // (sequential here so that "the first 100" is exact; in parallel the window is approximate, as upstream).
        var bindings = cluster.Bindings.ToDictionary(b => b.Pod, b => b.Node);
        Assert.InRange(string.CompareOrdinal(bindings["p1"], "n100"), int.MinValue, -1);
        Assert.InRange(string.CompareOrdinal(bindings["p2"], "n100"), 0, int.MaxValue);
    }

    [Fact]
    public async Task RunAsync_ConsumesFeedAndStopsOnCancel()
    {
        var cluster = new FeedCluster();
        var loop = new SchedulingLoop(cluster);
        cluster.Loop = loop;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var run = loop.RunAsync(cts.Token);
        await cluster.Bound.Task.WaitAsync(cts.Token);
        cts.Cancel();
        await run;

        Assert.Equal(("p", "n"), cluster.Bindings.Single());
    }

    /// <summary>Delivers a node, a pod and Synced through WatchAsync, then idles.</summary>
    private sealed class FeedCluster : ISchedulerCluster
    {
        private readonly FakeCluster _inner = new();
        public SchedulingLoop? Loop { set => _inner.Loop = value; }
        public TaskCompletionSource Bound { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public IEnumerable<(string Pod, string Node)> Bindings => _inner.Bindings;

        public async IAsyncEnumerable<ClusterChange> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            yield return ClusterChange.Added(NodeBuilder.Make("n").Obj());
            V1Pod pod = PodBuilder.Make("p");
            _inner.Track(pod);
            yield return ClusterChange.Added(pod);
            yield return ClusterChange.Synced;
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        public async Task BindAsync(V1Pod pod, string nodeName, CancellationToken ct)
        {
            await _inner.BindAsync(pod, nodeName, ct);
            Bound.TrySetResult();
        }

        public Task PatchPodStatusAsync(V1Pod pod, PodStatusPatch patch, CancellationToken ct) => _inner.PatchPodStatusAsync(pod, patch, ct);
        public Task DeletePodAsync(V1Pod victim, V1PodCondition c, CancellationToken ct) => _inner.DeletePodAsync(victim, c, ct);
        public Task RecordEventAsync(SchedulerEvent evt, CancellationToken ct) => _inner.RecordEventAsync(evt, ct);
    }
}
