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

    private SchedulingQueue NewQueue()
    {
        var events = new Dictionary<string, IReadOnlyList<ClusterEvent>>
        {
            [PluginNames.NodeResourcesFit] = [new(EventResource.Pod, ActionType.Delete)],
            [Gate] = [new(EventResource.Pod, ActionType.Delete)],
        };
        return new SchedulingQueue(new PrioritySortPlugin().Less, p => _gated.Contains(p.Metadata.Name) ? Gate : null, events, _time);
    }

    private async Task<QueuedPodInfo> FailOnce(SchedulingQueue q, string name, bool moveRequested)
    {
        q.Add(PodBuilder.Make(name));
        var qpi = (await q.PopAsync(CancellationToken.None))!;
        var cycle = q.SchedulingCycle;
        qpi.UnschedulablePlugins = [PluginNames.NodeResourcesFit];
        if (moveRequested) q.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        q.AddUnschedulableIfNotPresent(qpi, cycle);
        return qpi;
    }

    [Fact]
    public async Task BackoffFlush_RunsPreEnqueue_AndParksAGatedPod()
    {
        var q = NewQueue();
        await FailOnce(q, "p", moveRequested: true);
        Assert.Equal(1, q.BackoffCount);
        _gated.Add("p");

        _time.Advance(TimeSpan.FromSeconds(2));
        q.FlushBackoffQCompleted();

        Assert.Equal((0, 0, 1), (q.ActiveCount, q.BackoffCount, q.UnschedulableCount));
    }

    [Fact]
    public async Task PopFromBackoff_RunsPreEnqueue_AndParksAGatedPod()
    {
        var q = NewQueue();
        await FailOnce(q, "gated", moveRequested: true);
        _time.Advance(TimeSpan.FromMilliseconds(10)); // the gated pod is the backoff head
        await FailOnce(q, "open", moveRequested: true);
        _gated.Add("gated");

        var popped = await q.PopAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("open", popped!.Pod.Metadata.Name);
        Assert.Equal((0, 0, 1), (q.ActiveCount, q.BackoffCount, q.UnschedulableCount));
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
