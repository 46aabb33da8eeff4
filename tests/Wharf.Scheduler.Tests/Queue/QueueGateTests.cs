using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.PrioritySort;
using Wharf.Scheduler.Queue;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Queue;

/// <summary>
/// PreEnqueue applies on every way into activeQ (backoff included), a gated pod is re-checked on its gating
/// plugin's events, and Activate skips the wait.
/// </summary>
public class QueueGateTests
{
    private const string Gate = "TestGate";
    private readonly ManualTimeProvider _time = new();
    private readonly HashSet<string> _gated = [];

    private SchedulingQueue NewQueue(QueueOptions? options = null)
    {
        var events = new Dictionary<string, IReadOnlyList<ClusterEvent>>
        {
            [PluginNames.NodeResourcesFit] = [new(EventResource.Pod, ActionType.Delete)],
            [Gate] = [new(EventResource.Pod, ActionType.Delete)],
        };
        return new SchedulingQueue(new PrioritySortPlugin().Less, p => _gated.Contains(p.Metadata.Name) ? Gate : null, events, _time, options);
    }

    /// <summary>
    /// One failed cycle; <paramref name="gateDuringCycle"/> closes the pod's gate before it is handed back, as
    /// DefaultPreemption's PreEnqueue does for a preemptor whose victims are being deleted.
    /// </summary>
    private async Task<QueuedPodInfo> FailOnce(SchedulingQueue q, string name, bool moveRequested, bool gateDuringCycle = false, int priority = 0)
    {
        q.Add(PodBuilder.Make(name).Priority(priority));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        var cycle = q.SchedulingCycle;
        qpi.UnschedulablePlugins = [PluginNames.NodeResourcesFit];
        if (moveRequested) q.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        if (gateDuringCycle) _gated.Add(name);
        q.AddUnschedulableIfNotPresent(qpi, cycle);
        return qpi;
    }

    [Theory]
    [InlineData("without PopFromBackoffQ the flush runs PreEnqueue and parks the pod", false, 0, 1)]
    [InlineData("with PopFromBackoffQ PreEnqueue ran on the way in; the flush does not run it again", true, 1, 0)]
    public async Task BackoffFlush_RunsPreEnqueueOnlyWithoutPopFromBackoffQ(string because, bool popFromBackoff, int active, int parked)
    {
        var q = NewQueue(new QueueOptions { PopFromBackoffQ = popFromBackoff });
        await FailOnce(q, "p", moveRequested: true);
        Assert.Equal(1, q.BackoffCount);
        _gated.Add("p");

        _time.Advance(TimeSpan.FromSeconds(2));
        q.FlushBackoffQCompleted();

        Assert.True((active, 0, parked) == (q.ActiveCount, q.BackoffCount, q.UnschedulableCount), because);
    }

    [Fact]
    public async Task PodGatedOnItsWayToBackoff_IsParked_AndNotPopped()
    {
        var q = NewQueue();
        await FailOnce(q, "gated", moveRequested: true, gateDuringCycle: true);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await FailOnce(q, "open", moveRequested: true);

        var popped = await q.PopAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("open", popped!.Pod.Metadata.Name);
        Assert.Equal((0, 0, 1), (q.ActiveCount, q.BackoffCount, q.UnschedulableCount));
    }

    [Theory]
    [InlineData("an idle scheduler pops the released preemptor from backoff at once", false, "preemptor")]
    [InlineData("a fresh pod in activeQ goes first; the preemptor serves its backoff", true, "fresh")]
    public async Task PreemptorReleasedByItsLastVictim_WaitsInBackoff_UnlessTheSchedulerIsIdle(string because, bool freshPod, string first)
    {
        var q = NewQueue();
        await FailOnce(q, "preemptor", moveRequested: false, gateDuringCycle: true, priority: 10);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, q.UnschedulableCount);
        if (freshPod) q.Add(PodBuilder.Make("fresh"));

        _gated.Remove("preemptor"); // the cache no longer holds the last victim
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);

        Assert.Equal((freshPod ? 1 : 0, 1, 0), (q.ActiveCount, q.BackoffCount, q.UnschedulableCount));
        var popped = await q.PopAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(first == popped!.Pod.Metadata.Name, because);
    }

    [Fact]
    public async Task Activate_OfAPodInFlight_RequeuesItWhenItComesBack()
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("p"));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        var cycle = q.SchedulingCycle;
        qpi.UnschedulablePlugins = [PluginNames.NodeResourcesFit];

        q.Activate(qpi.Pod); // e.g. its preemption's API calls failed before the cycle handed it back
        q.AddUnschedulableIfNotPresent(qpi, cycle);

        Assert.Equal((0, 1), (q.UnschedulableCount, q.BackoffCount));
    }

    [Fact]
    public async Task Activate_OfAPodInFlight_IsForgottenOnceTheCycleEnds()
    {
        var q = NewQueue();
        q.Add(PodBuilder.Make("p"));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        q.Activate(qpi.Pod);
        q.Done(qpi.PodInfo.Uid); // bound after all

        q.Add(PodBuilder.Make("p")); // same UID back (e.g. the bind failed and the informer re-adds it)
        var again = (await q.PopAsync(CancellationToken.None))!;
        again.UnschedulablePlugins = [PluginNames.NodeResourcesFit];
        q.AddUnschedulableIfNotPresent(again, q.SchedulingCycle);

        Assert.Equal((1, 0), (q.UnschedulableCount, q.BackoffCount));
    }

    [Theory]
    [InlineData("the gate's registered event re-checks it; still closed", "Delete", true, 0)]
    [InlineData("the gate's registered event re-checks it; now open", "Delete", false, 1)]
    [InlineData("an event the gate did not register leaves it parked", "Add", false, 0)]
    public async Task GatedPod_ListensToItsGatingPlugin(string because, string action, bool stillGated, int active)
    {
        var q = NewQueue();
        await FailOnce(q, "p", moveRequested: false);
        _gated.Add("p");
        _time.Advance(TimeSpan.FromSeconds(2));
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
        Assert.Equal((0, 1), (q.ActiveCount, q.UnschedulableCount));
        if (!stillGated) _gated.Remove("p");

        q.MoveAllToActiveOrBackoffQueue(action == "Delete" ? ClusterEvent.AssignedPodDelete : ClusterEvent.AssignedPodAdd);

        Assert.True(active == q.ActiveCount, because);
    }

    [Fact]
    public async Task Activate_MovesAnUnschedulablePodAtOnce_UnlessGated()
    {
        var q = NewQueue();
        var p = await FailOnce(q, "p", moveRequested: false);
        var b = await FailOnce(q, "b", moveRequested: true);
        var g = await FailOnce(q, "g", moveRequested: false);
        _gated.Add("g");
        Assert.Equal((2, 1), (q.UnschedulableCount, q.BackoffCount));

        q.Activate(p.Pod);
        q.Activate(b.Pod);
        q.Activate(g.Pod);

        Assert.Equal((2, 0, 1), (q.ActiveCount, q.BackoffCount, q.UnschedulableCount));
        Assert.Equal(["g"], q.Dump().Unschedulable.Select(x => x.Metadata.Name));
    }
}
