using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.PrioritySort;
using Wharf.Scheduler.Plugins.SchedulingGates;
using Wharf.Scheduler.Queue;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Queue;

public class SchedulingQueueTests
{
    private readonly ManualTimeProvider _time = new();

    private SchedulingQueue NewQueue(QueueOptions? options = null)
    {
        var events = new Dictionary<string, IReadOnlyList<ClusterEvent>>
        {
            [PluginNames.NodeResourcesFit] = [new(EventResource.Pod, ActionType.Delete), new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeAllocatable)],
            [PluginNames.NodeAffinity] = [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel)],
        };
        var gates = new SchedulingGatesPlugin();
        return new SchedulingQueue(new PrioritySortPlugin().Less, p => gates.PreEnqueue(p).IsSuccess ? null : gates.Name, events, _time, options);
    }

    private static async Task<string> PopName(SchedulingQueue q) => (await q.PopAsync(CancellationToken.None))!.Pod.Metadata.Name;

    [Fact]
    public async Task Pop_HighestPriorityThenOldest()
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("low").Priority(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        q.Add(PodBuilder.Make("high-late").Priority(10));
        _time.Advance(TimeSpan.FromSeconds(1));
        q.Add(PodBuilder.Make("high-later").Priority(10));
        _time.Advance(TimeSpan.FromSeconds(-5));
        q.Add(PodBuilder.Make("high-early").Priority(10));

        Assert.Equal(["high-early", "high-late", "high-later", "low"], [await PopName(q), await PopName(q), await PopName(q), await PopName(q)]);
    }

    [Fact]
    public async Task Pop_WaitsForAnAdd()
    {
        var q = NewQueue();
        var pop = q.PopAsync(CancellationToken.None).AsTask();
        Assert.False(pop.IsCompleted);

        q.Add(PodBuilder.Make("late"));

        Assert.Equal("late", (await pop.WaitAsync(TimeSpan.FromSeconds(5)))!.Pod.Metadata.Name);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(9, 10)]
    public void BackoffDuration_DoublesWithRejectionsToTenSeconds(int rejections, int seconds)
    {
        var qpi = new QueuedPodInfo(new PodInfo(PodBuilder.Make()), _time.GetUtcNow()) { Attempts = 7, UnschedulableCount = rejections };

        Assert.Equal(TimeSpan.FromSeconds(seconds), NewQueue().BackoffDuration(qpi));
    }

    [Theory]
    [InlineData("errors alone: backoff by the consecutive errors", "EE", 2)]
    [InlineData("a rejection after errors resets the error count", "EER", 1)]
    [InlineData("rejections double the backoff", "RRR", 4)]
    [InlineData("an error after rejections: backoff by the errors only", "RRE", 1)]
    public async Task Backoff_FollowsRejectionsAndConsecutiveErrors_NotAttempts(string because, string history, int seconds)
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("p"));
        QueuedPodInfo? qpi = null;
        foreach (var outcome in history)
        {
            qpi = (await q.PopAsync(CancellationToken.None))!;
            qpi.UnschedulablePlugins = outcome == 'R' ? [PluginNames.NodeAffinity] : [];
            q.AddUnschedulableIfNotPresent(qpi, q.SchedulingCycle);
            q.Activate(qpi.Pod);
        }

        Assert.True(TimeSpan.FromSeconds(seconds) == q.BackoffDuration(qpi!), because);
    }

    [Theory]
    [InlineData("windows on: the pod waits until its expiry's one-second window is over", true, 1900, true)]
    [InlineData("windows on: free from the next window", true, 2000, false)]
    [InlineData("windows off: waiting at its exact expiry", false, 1300, true)]
    [InlineData("windows off: free just after it", false, 1301, false)]
    public async Task Backoff_EndsOnOrderingWindowBoundaries(string because, bool windows, int msAfterStart, bool backingOff)
    {
        var q = NewQueue(new QueueOptions { PopFromBackoffQ = windows });
        q.Add(PodBuilder.Make("p"));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        qpi.UnschedulablePlugins = [PluginNames.NodeAffinity];
        _time.Advance(TimeSpan.FromMilliseconds(300));
        q.AddUnschedulableIfNotPresent(qpi, q.SchedulingCycle);

        _time.Advance(TimeSpan.FromMilliseconds(msAfterStart - 300));

        Assert.True(backingOff == q.IsPodBackingOff(qpi), because);
    }

    [Fact]
    public async Task BackoffHead_WithinOneWindow_IsTheHighestPriorityPod()
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("low").Priority(1));
        q.Add(PodBuilder.Make("high").Priority(10));
        var high = (await q.PopAsync(CancellationToken.None))!;
        var low = (await q.PopAsync(CancellationToken.None))!;
        var cycle = q.SchedulingCycle;
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd); // seen while in flight: both go to backoff
        foreach (var (qpi, ms) in new[] { (low, 100), (high, 400) })
        {
            qpi.UnschedulablePlugins = [PluginNames.NodeAffinity];
            _time.Advance(TimeSpan.FromMilliseconds(ms));
            q.AddUnschedulableIfNotPresent(qpi, cycle);
        }

        // "low" expires 400 ms earlier, but in the same window: QueueSort decides, as activeQ would after the flush.
        Assert.Equal(["high", "low"], [await PopName(q), await PopName(q)]);
    }

    [Theory]
    [InlineData("registered node add moves", PluginNames.NodeResourcesFit, "NodeAdd", true)]
    [InlineData("assigned pod add does not move Fit-rejected pods", PluginNames.NodeResourcesFit, "AssignedPodAdd", false)]
    [InlineData("pod delete moves Fit-rejected pods", PluginNames.NodeResourcesFit, "AssignedPodDelete", true)]
    [InlineData("pod delete does not move affinity-rejected pods", PluginNames.NodeAffinity, "AssignedPodDelete", false)]
    [InlineData("timeout event moves everything", PluginNames.NodeAffinity, "UnschedulableTimeout", true)]
    public async Task UnschedulablePods_MoveOnlyOnRegisteredEvents(string name, string rejector, string eventLabel, bool moves)
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("p"));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        qpi.UnschedulablePlugins = [rejector];
        q.AddUnschedulableIfNotPresent(qpi, q.SchedulingCycle);
        Assert.Equal(1, q.UnschedulableCount);
        _time.Advance(TimeSpan.FromSeconds(30));

        var evt = new[] { ClusterEvent.NodeAdd, ClusterEvent.AssignedPodAdd, ClusterEvent.AssignedPodDelete, ClusterEvent.UnschedulableTimeout }.Single(e => e.Label == eventLabel);
        q.MoveAllToActiveOrBackoffQueue(evt);

        Assert.Equal(moves ? 1 : 0, q.ActiveCount);
        Assert.Equal(moves ? 0 : 1, q.UnschedulableCount);
        Assert.NotNull(name);
    }

    [Fact]
    public async Task MoveRequestDuringCycle_SendsPodToBackoff()
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("p"));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        var cycle = q.SchedulingCycle;
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        qpi.UnschedulablePlugins = [PluginNames.NodeAffinity];

        q.AddUnschedulableIfNotPresent(qpi, cycle);

        Assert.Equal((0, 1), (q.UnschedulableCount, q.BackoffCount));
    }

    [Fact]
    public async Task Backoff_FlushesToActiveAfterExpiry()
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("p"));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        q.AddUnschedulableIfNotPresent(qpi, q.SchedulingCycle);
        Assert.Equal(1, q.BackoffCount);

        q.FlushBackoffQCompleted();
        Assert.Equal(0, q.ActiveCount);
        // Expiry 1 s after the failure, whose one-second window ends at 2 s.
        _time.Advance(TimeSpan.FromSeconds(1));
        q.FlushBackoffQCompleted();
        Assert.Equal(0, q.ActiveCount);
        _time.Advance(TimeSpan.FromSeconds(1));
        q.FlushBackoffQCompleted();

        Assert.Equal((1, 0), (q.ActiveCount, q.BackoffCount));
    }

    [Theory]
    [InlineData("upstream default: an idle scheduler retries the rejected pod at once", true, PluginNames.NodeAffinity, true)]
    [InlineData("off: the rejected pod waits for its backoff to expire", false, PluginNames.NodeAffinity, false)]
    [InlineData("a pod that failed with an error serves its backoff in full", true, null, false)]
    public async Task Pop_WithActiveQEmpty_TakesTheBackoffHead(string because, bool popFromBackoff, string? rejector, bool popped)
    {
        var q = NewQueue(new QueueOptions { PopFromBackoffQ = popFromBackoff });
        q.Add(PodBuilder.Make("p"));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        var cycle = q.SchedulingCycle;
        var pop = q.PopAsync(CancellationToken.None).AsTask();
        Assert.False(pop.IsCompleted);

        if (rejector is not null) qpi.UnschedulablePlugins = [rejector];
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd); // seen while in flight: the pod goes to backoff
        q.AddUnschedulableIfNotPresent(qpi, cycle);
        // A pop that should come may take long on a loaded machine (CI saw more than 200 ms); one that should not is
        // given a fixed window to show itself.
        await Task.WhenAny(pop, Task.Delay(popped ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(200)));

        Assert.True(pop.IsCompleted == popped, because);
        Assert.Equal(popped ? 0 : 1, q.BackoffCount);
        if (popped) Assert.Equal((2, 2L), ((await pop)!.Attempts, q.SchedulingCycle));
    }

    [Fact]
    public async Task Pop_PrefersActivePodsOverTheBackoffHead()
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("retry"));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        var cycle = q.SchedulingCycle;
        qpi.UnschedulablePlugins = [PluginNames.NodeAffinity];
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        q.AddUnschedulableIfNotPresent(qpi, cycle);
        q.Add(PodBuilder.Make("fresh"));

        Assert.Equal(["fresh", "retry"], [await PopName(q), await PopName(q)]);
    }

    [Fact]
    public async Task LongUnschedulablePods_AreFlushedAfterFiveMinutes()
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("p"));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        qpi.UnschedulablePlugins = [PluginNames.NodeAffinity];
        q.AddUnschedulableIfNotPresent(qpi, q.SchedulingCycle);

        _time.Advance(TimeSpan.FromMinutes(4));
        q.FlushUnschedulablePodsLeftover();
        Assert.Equal(1, q.UnschedulableCount);
        _time.Advance(TimeSpan.FromMinutes(2));
        q.FlushUnschedulablePodsLeftover();

        Assert.Equal((0, 1), (q.UnschedulableCount, q.ActiveCount));
    }

    [Fact]
    public void GatedPod_WaitsUntilGatesAreRemoved()
    {
        var q = NewQueue();
        V1Pod gated = PodBuilder.Make("g").Gate("wait");
        q.Add(gated);
        Assert.Equal((0, 1), (q.ActiveCount, q.UnschedulableCount));

        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.UnschedulableTimeout);
        Assert.Equal(0, q.ActiveCount);

        V1Pod ungated = PodBuilder.Make("g");
        q.Update(gated, ungated);
        Assert.Equal((1, 0), (q.ActiveCount, q.UnschedulableCount));
    }

    [Fact]
    public void Delete_RemovesFromEveryQueueAndNomination()
    {
        var q = NewQueue();
        V1Pod pod = PodBuilder.Make("p");
        q.Add(pod);
        q.AddNominatedPod(new PodInfo(pod), "n1");

        q.Delete(pod);

        Assert.Equal(0, q.ActiveCount);
        Assert.Empty(q.NominatedPodsForNode("n1"));
    }
}
