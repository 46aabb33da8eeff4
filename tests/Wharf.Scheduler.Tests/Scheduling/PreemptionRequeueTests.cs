using k8s.Models;
using Wharf.Client.Tests.Support;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.DefaultPreemption;
using Wharf.Scheduler.Scheduling;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Scheduling;

/// <summary>
/// Asynchronous preemption and the preemptor's way back: the victims are deleted off the loop, the preemptor is
/// gated until its last victim's deletion is observed, and that deletion (not a timer) sends it to activeQ.
/// </summary>
public class PreemptionRequeueTests
{
    private readonly ManualTimeProvider _time = new();

    private (SchedulingLoop Loop, FakeCluster Cluster) NewLoop(int lowPods)
    {
        var cluster = new FakeCluster();
        var loop = new SchedulingLoop(cluster, new SchedulerOptions { Time = _time, Random = _ => 0 });
        cluster.Loop = loop;
        cluster.Add(NodeBuilder.Make("n").Capacity(("cpu", "4"), ("pods", "110")));
        for (var i = 0; i < lowPods; i++) cluster.Add(PodBuilder.Make($"low-{i}").Priority(1).Req(("cpu", $"{4000 / lowPods}m")));
        return (loop, cluster);
    }

    private static async Task ScheduleActiveAsync(SchedulingLoop loop)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (loop.Queue.ActiveCount > 0) await loop.ScheduleNextAsync(cts.Token);
        await loop.WaitForBindingsAsync();
    }

    private static DefaultPreemptionPlugin Preemption(SchedulingLoop loop) =>
        (DefaultPreemptionPlugin)loop.Profiles["default-scheduler"].Plugins[PluginNames.DefaultPreemption];

    [Theory]
    [InlineData("one victim", 1)]
    [InlineData("three victims, the last one deleted after the others", 3)]
    public async Task Preemptor_IsGatedUntilItsLastVictimIsGone_ThenMovedByTheDeletionEvent(string because, int victims)
    {
        var (loop, cluster) = NewLoop(victims);
        await ScheduleActiveAsync(loop);
        Assert.Equal(victims, cluster.Bindings.Count);
        var held = new Dictionary<string, TaskCompletionSource>();
        cluster.DeleteGate = victim =>
        {
            lock (held) return (held[victim.Metadata.Name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        };

        cluster.Add(PodBuilder.Make("high").Priority(100).Req(("cpu", "4")));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await loop.ScheduleNextAsync(cts.Token);

        // The cycle ended while the deletions are still under way: preemption does not hold up the loop.
        Assert.Equal("n", cluster.Pod("uid-default-high").Status.NominatedNodeName);
        Assert.False(Preemption(loop).LastPreemption.IsCompleted, because);
        Assert.Equal(1, loop.Queue.UnschedulableCount);
        // Neither the end of the backoff nor an unrelated deletion lets it retry while its victims still exist.
        _time.Advance(TimeSpan.FromSeconds(10));
        loop.Queue.FlushBackoffQCompleted();
        loop.Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
        Assert.Equal(0, loop.Queue.ActiveCount);

        // All but the last victim go first, in parallel; their deletion keeps the preemptor waiting.
        await Eventually.HoldsAsync(() => { lock (held) return held.Count == Math.Max(1, victims - 1); }, "the first deletions started");
        if (victims > 1)
        {
            lock (held) foreach (var gate in held.Values) gate.SetResult();
            await Eventually.HoldsAsync(() => { lock (held) return held.Count == victims; }, "the last deletion started");
            Assert.Equal(0, loop.Queue.ActiveCount);
        }
        lock (held) held.Values.Single(g => !g.Task.IsCompleted).SetResult();
        await Preemption(loop).LastPreemption.WaitAsync(cts.Token);

        // The last victim's deletion moved it: no timer had to fire (time stands still from here).
        Assert.Equal(1, loop.Queue.ActiveCount);
        await ScheduleActiveAsync(loop);
        Assert.Equal(("high", "n"), cluster.Bindings.Last());
        Assert.Equal(victims, cluster.Deletions.Count);
    }

    [Fact]
    public async Task FailedVictimDeletion_ActivatesThePreemptorAtOnce()
    {
        var (loop, cluster) = NewLoop(1);
        await ScheduleActiveAsync(loop);
        var refuse = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.DeleteGate = _ => refuse.Task;
        cluster.Add(PodBuilder.Make("high").Priority(100).Req(("cpu", "4")));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await loop.ScheduleNextAsync(cts.Token);
        await loop.WaitForBindingsAsync();
        Assert.Equal(1, loop.Queue.UnschedulableCount);

        refuse.SetException(new InvalidOperationException("delete refused"));
        await Preemption(loop).LastPreemption.WaitAsync(cts.Token);

        Assert.Equal((1, 0), (loop.Queue.ActiveCount, loop.Queue.UnschedulableCount));
    }

    [Fact]
    public async Task PreemptorsOfDifferentNodes_AreAllAttemptedBeforeAnyVictimIsGone()
    {
        var cluster = new FakeCluster();
        var loop = new SchedulingLoop(cluster, new SchedulerOptions { Time = _time, Random = _ => 0 });
        cluster.Loop = loop;
        for (var n = 0; n < 5; n++)
        {
            cluster.Add(NodeBuilder.Make($"n{n}").Capacity(("cpu", "4"), ("pods", "110")));
            for (var i = 0; i < 4; i++) cluster.Add(PodBuilder.Make($"low-{n}-{i}").Priority(1).Req(("cpu", "900m")));
        }
        await ScheduleActiveAsync(loop);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.DeleteGate = _ => release.Task;

        for (var p = 0; p < 5; p++) cluster.Add(PodBuilder.Make($"high-{p}").Priority(10).Req(("cpu", "3")));
        await ScheduleActiveAsync(loop);

        // Each preemptor took its own node (the others are nominated there) and none waited for an API call.
        var nominated = Enumerable.Range(0, 5).Select(p => cluster.Pod($"uid-default-high-{p}").Status.NominatedNodeName).ToHashSet();
        Assert.Equal(5, nominated.Count);
        // Three victims each; the last of each is only deleted once the other two are gone.
        Assert.Equal(10, cluster.Deletions.Count);
        release.SetResult();
        await Eventually.HoldsAsync(() => cluster.Deletions.Count == 15 && loop.Cache.PodCount == 5, "every victim deleted");
        // Requeued by the deletions while still backing off from their first attempt: one backoff (ending with the
        // one-second window its expiry falls in), then all go.
        _time.Advance(TimeSpan.FromSeconds(2));
        loop.Queue.FlushBackoffQCompleted();
        Assert.Equal(5, loop.Queue.ActiveCount);
        await ScheduleActiveAsync(loop);
        Assert.Equal(5, cluster.Bindings.Count(b => b.Pod.StartsWith("high-", StringComparison.Ordinal)));
    }
}
