using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.NodeVolumeLimits;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.Volumes;

public class NodeVolumeLimitsTests
{
    private const string Driver = "ebs.csi.aws.com";

    private static Cluster.ClusterObjects Objects(int limit) => Storage.Objects(
        Storage.CsiNode("n", Driver, limit),
        Storage.Class("csi", "WaitForFirstConsumer", provisioner: Driver),
        Storage.Pvc("a", volumeName: "pv-a", bound: true), Storage.Pv("pv-a", claim: "a", phase: "Bound", csi: (Driver, "vol-a")),
        Storage.Pvc("b", volumeName: "pv-b", bound: true), Storage.Pv("pv-b", claim: "b", phase: "Bound", csi: (Driver, "vol-b")),
        Storage.Pvc("other-driver", volumeName: "pv-o", bound: true), Storage.Pv("pv-o", claim: "other-driver", phase: "Bound", csi: ("other.csi", "vol-o")),
        Storage.Pvc("unbound", className: "csi"));

    [Theory]
    [InlineData("within the limit", 2, "a", "b", true)]
    [InlineData("over the limit", 1, "a", "b", false)]
    [InlineData("same volume already attached is not counted twice", 1, "a", "a", true)]
    [InlineData("unbound claim counts against its provisioner", 1, "a", "unbound", false)]
    [InlineData("another driver has no limit", 1, "a", "other-driver", true)]
    public void Filter_CountsCsiVolumesPerDriver(string name, int limit, string existingClaim, string newClaim, bool fits)
    {
        var plugin = new NodeVolumeLimitsPlugin(Objects(limit));
        var node = NodeInfo.For(NodeBuilder.Make("n"), PodBuilder.Make().Node("n").Obj().WithClaims(existingClaim));
        var pod = PodBuilder.Make().Obj().WithClaims(newClaim);
        var state = new CycleState();
        Assert.True(plugin.PreFilter(state, pod, [node], out _).IsSuccess, name);

        var status = plugin.Filter(state, pod, node);

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal((StatusCode.Unschedulable, NodeVolumeLimitsPlugin.ErrReasonMaxVolumeCountExceeded), (status.Code, status.Message));
    }

    [Fact]
    public void Filter_NodeWithoutCsiNode_HasNoLimit()
    {
        var plugin = new NodeVolumeLimitsPlugin(Objects(0));
        var node = NodeInfo.For(NodeBuilder.Make("no-csinode"));

        Assert.True(plugin.Filter(new CycleState(), PodBuilder.Make().Obj().WithClaims("a"), node).IsSuccess);
        Assert.False(plugin.Filter(new CycleState(), PodBuilder.Make().Obj().WithClaims("a"), NodeInfo.For(NodeBuilder.Make("n"))).IsSuccess);
    }

    [Fact]
    public void PreFilter_SkipsPodsWithoutClaims()
    {
        Assert.True(new NodeVolumeLimitsPlugin(Objects(1)).PreFilter(new CycleState(), PodBuilder.Make(), [], out _).IsSkip);
    }
}
