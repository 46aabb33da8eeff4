using Wharf.Scheduler.Batching;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Scheduling;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Batching;

/// <summary>Batching inside the real scheduling loop (fake cluster, manual clock: rankings never expire here).</summary>
public class BatchingLoopTests
{
    private const string Profile = "default-scheduler";

    private static (SchedulingLoop Loop, FakeCluster Cluster) NewLoop(KubeSchedulerConfiguration config, bool batching = true)
    {
        var cluster = new FakeCluster();
        var loop = new SchedulingLoop(cluster, new SchedulerOptions { Configuration = config, Time = new ManualTimeProvider(), Random = _ => 0, OpportunisticBatching = batching });
        cluster.Loop = loop;
        return (loop, cluster);
    }

    private static async Task DrainAsync(SchedulingLoop loop)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (loop.Queue.ActiveCount > 0) await loop.ScheduleNextAsync(cts.Token);
        await loop.WaitForBindingsAsync();
    }

    /// <summary>200 nodes of 4 CPU and 200 identical pods; <paramref name="cpu"/> decides how many fit a node.</summary>
    private static async Task<(SchedulingLoop Loop, FakeCluster Cluster)> ScheduleAsync(KubeSchedulerConfiguration config, string cpu, bool batching = true)
    {
        var (loop, cluster) = NewLoop(config, batching);
        for (var i = 0; i < 200; i++) cluster.Add(NodeBuilder.Make($"node-{i:D3}").Capacity(("cpu", "4"), ("memory", "16Gi"), ("pods", "110")));
        for (var i = 0; i < 200; i++) cluster.Add(PodBuilder.Make($"pod-{i:D3}").Req(("cpu", cpu), ("memory", "1Gi")));
        await DrainAsync(loop);
        return (loop, cluster);
    }

    [Fact]
    public async Task WholeNodePods_AreBatched_OnePerNode()
    {
        // 3 CPU of 4: each pod fills its node, so every pod after the first of a ranking takes the next ranked node.
        var (loop, cluster) = await ScheduleAsync(BatchProfiles.Signable(), "3");

        Assert.Equal(200, cluster.Bindings.Count);
        Assert.Equal(200, cluster.Bindings.Select(b => b.Node).Distinct().Count());
        var batch = loop.Metrics.Batch;
        var used = batch.Attempts(Profile, BatchAttemptResult.HintUsed);
        // percentageOfNodesToScore ranks 100 of 200 nodes: a ranking serves up to 99 pods, so at most a few full cycles.
        Assert.InRange(used, 190, 199);
        Assert.Equal(200 - used, batch.Attempts(Profile, BatchAttemptResult.NoHint));
        Assert.Equal(0, batch.Attempts(Profile, BatchAttemptResult.HintNotUsed));
    }

    [Fact]
    public async Task WholeNodePods_WithTheGateOff_SameOnePerNodeOutcome_NoBatching()
    {
        var (loop, cluster) = await ScheduleAsync(BatchProfiles.Signable(), "3", batching: false);

        Assert.Equal(200, cluster.Bindings.Select(b => b.Node).Distinct().Count());
        Assert.Equal(0, loop.Metrics.Batch.Attempts(Profile, BatchAttemptResult.NoHint));
        Assert.Equal(0, loop.Metrics.Batch.Attempts(Profile, BatchAttemptResult.HintUsed));
    }

    [Fact]
    public async Task SmallPods_NeverBatched_TheLastNodeStillHasRoom()
    {
        // SchedulingBasic's shape: 100m of 4 CPU. The node chosen last always fits the next pod.
        var (loop, cluster) = await ScheduleAsync(BatchProfiles.Signable(), "100m");

        Assert.Equal(200, cluster.Bindings.Count);
        var batch = loop.Metrics.Batch;
        Assert.Equal(0, batch.Attempts(Profile, BatchAttemptResult.HintUsed));
        Assert.Equal(199, batch.Flushes(Profile, BatchFlushReason.NodeNotFull));
    }

    [Fact]
    public async Task DefaultConfiguration_NeverBatched_PodsAreUnsignable()
    {
        var (loop, cluster) = await ScheduleAsync(BatchProfiles.Default(), "3");

        Assert.Equal(200, cluster.Bindings.Select(b => b.Node).Distinct().Count());
        var batch = loop.Metrics.Batch;
        Assert.Equal(0, batch.Attempts(Profile, BatchAttemptResult.HintUsed));
        // The last pod had one feasible node left: nothing ranked, whatever its signature.
        Assert.Equal(199, batch.Flushes(Profile, BatchFlushReason.PodNotBatchable));
        Assert.Equal(1, batch.Flushes(Profile, BatchFlushReason.EmptyList));
    }

    [Fact]
    public async Task BatchCounters_AreExported_UnderUpstreamsNames()
    {
        var (loop, _) = await ScheduleAsync(BatchProfiles.Signable(), "3");
        var text = new StringWriter();
        loop.Metrics.WriteTo(text, null);

        Assert.Contains("scheduler_batch_attempts_total{profile=\"default-scheduler\",result=\"hint_used\"}", text.ToString());
        Assert.Contains("# TYPE scheduler_batch_cache_flushed_total counter", text.ToString());
    }
}
