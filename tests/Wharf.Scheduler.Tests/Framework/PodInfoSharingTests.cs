using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Tests.Framework;

/// <summary>
/// The cycle's pod gets one <see cref="PodInfo"/> (the queue's), shared by the plugins and the assumed copy; sharing
/// must give exactly what a fresh PodInfo of the same object would.
/// </summary>
public class PodInfoSharingTests
{
    private static V1Pod Pending() => PodBuilder.Make("p").Uid("p").Req(("cpu", "250m"), ("memory", "1Gi")).HostPort(8080)
        .Label("app", "web").PodAffinity("kubernetes.io/hostname", "app", "web", anti: true).Obj();

    [Fact]
    public void ForPlacedCopy_HasTheCopyAsPod_AndTheSameFiguresAsAFreshPodInfoOfTheCopy()
    {
        var queued = new PodInfo(Pending());
        var assumed = PodCopier.WithNodeName(queued.Pod, "n1");

        var shared = queued.ForPlacedCopy(assumed);
        var fresh = new PodInfo(assumed);

        Assert.Same(assumed, shared.Pod);
        Assert.Equal("p", shared.Uid);
        Assert.Equal(fresh.Requests.ToString(), shared.Requests.ToString());
        Assert.Equal(fresh.NonZeroRequests.ToString(), shared.NonZeroRequests.ToString());
        Assert.Equal(fresh.HostPorts, shared.HostPorts);
        Assert.Equal(fresh.RequiredAntiAffinityTerms.Count, shared.RequiredAntiAffinityTerms.Count);
        Assert.Equal(fresh.HasAffinity, shared.HasAffinity);
        Assert.True(shared.HasRequiredAntiAffinity);
    }

    [Fact]
    public void PodInfoFor_GivesTheCyclesPodInfo_OnlyForThatPodObject()
    {
        var queued = new PodInfo(Pending());
        var state = new CycleState { PodInfo = queued };
        var other = Pending();

        Assert.Same(queued, state.PodInfoFor(queued.Pod));
        var forOther = state.PodInfoFor(other);
        Assert.NotSame(queued, forOther);
        Assert.Same(other, forOther.Pod);
        Assert.Same(other, new CycleState().PodInfoFor(other).Pod);
    }

    [Fact]
    public void Clone_KeepsTheCyclesPodInfo()
    {
        var queued = new PodInfo(Pending());
        var state = new CycleState { PodInfo = queued };

        Assert.Same(queued, state.Clone().PodInfoFor(queued.Pod));
    }
}
