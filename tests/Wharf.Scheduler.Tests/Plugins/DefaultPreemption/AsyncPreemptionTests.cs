using k8s.Models;
using Wharf.Scheduler.Plugins.DefaultPreemption;
using Wharf.Scheduler.Queue;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.DefaultPreemption;

/// <summary>
/// The bookkeeping of asynchronous preemption: a preemptor is held while its last victim is still cached, and a
/// finished preemption whose preemptor never comes back (deleted meanwhile) does not stay remembered for good.
/// </summary>
public sealed class AsyncPreemptionTests
{
    private sealed class RecordingActivator : IPodActivator
    {
        public List<string> Activated { get; } = [];

        public void Activate(V1Pod pod) => Activated.Add(pod.Metadata.Name);
    }

    private readonly HashSet<string> _cached = new(StringComparer.Ordinal);
    private readonly RecordingActivator _activator = new();

    private AsyncPreemption NewPreemption() => new(pod => _cached.Contains(pod.Metadata.Uid), () => _activator);

    private V1Pod Cached(string name)
    {
        V1Pod pod = PodBuilder.Make(name);
        _cached.Add(pod.Metadata.Uid);
        return pod;
    }

    [Fact]
    public async Task Preemptor_IsHeldUntilItsLastVictimLeavesTheCache()
    {
        var preemption = NewPreemption();
        V1Pod preemptor = PodBuilder.Make("preemptor");
        var victim = Cached("victim");

        await preemption.Start(preemptor, [victim], _ => Task.CompletedTask, () => Task.CompletedTask);

        Assert.True(preemption.IsRunning(preemptor));
        _cached.Remove(victim.Metadata.Uid);
        Assert.False(preemption.IsRunning(preemptor));
        Assert.Equal(0, preemption.Count);
        Assert.Empty(_activator.Activated);
    }

    [Fact]
    public async Task FinishedPreemption_OfAPreemptorNeverCheckedAgain_IsForgottenByTheNextOne()
    {
        var preemption = NewPreemption();
        V1Pod deletedPreemptor = PodBuilder.Make("deleted-preemptor");
        var firstVictim = Cached("first-victim");
        await preemption.Start(deletedPreemptor, [firstVictim], _ => Task.CompletedTask, () => Task.CompletedTask);
        // The victim goes, but the preemptor was deleted too and is never checked again.
        _cached.Remove(firstVictim.Metadata.Uid);
        Assert.Equal(1, preemption.Count);

        V1Pod nextPreemptor = PodBuilder.Make("next-preemptor");
        await preemption.Start(nextPreemptor, [Cached("second-victim")], _ => Task.CompletedTask, () => Task.CompletedTask);

        Assert.Equal(1, preemption.Count);
        Assert.True(preemption.IsRunning(nextPreemptor));
        Assert.False(preemption.IsRunning(deletedPreemptor));
    }

    [Fact]
    public async Task FailedVictimDeletion_ActivatesThePreemptorAndForgetsIt()
    {
        var preemption = NewPreemption();
        V1Pod preemptor = PodBuilder.Make("preemptor");

        await preemption.Start(preemptor, [Cached("victim")], _ => Task.FromException(new InvalidOperationException("refused")), () => Task.CompletedTask);

        Assert.Equal(["preemptor"], _activator.Activated);
        Assert.False(preemption.IsRunning(preemptor));
        Assert.Equal(0, preemption.Count);
    }
}
