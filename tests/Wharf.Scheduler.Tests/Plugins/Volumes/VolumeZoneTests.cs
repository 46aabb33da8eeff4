using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.VolumeZone;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.Volumes;

public class VolumeZoneTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string BetaZone = "failure-domain.beta.kubernetes.io/zone";
    private const string Region = "topology.kubernetes.io/region";

    public static TheoryData<string, string, string, (string Key, string Value)[], bool> Cases => new()
    {
        { "same zone", Zone, "us-west1-a", [(Zone, "us-west1-a")], true },
        { "other zone", Zone, "us-west1-a", [(Zone, "us-west1-b")], false },
        { "regional volume lists the node's zone", Zone, "us-west1-a__us-west1-b", [(Zone, "us-west1-b")], true },
        { "node without topology labels is unconstrained", Zone, "us-west1-a", [("kubernetes.io/hostname", "n")], true },
        { "node has region but not the volume's zone key", Zone, "us-west1-a", [(Region, "us-west1")], false },
        { "beta volume label matches the node's GA label", BetaZone, "us-west1-a", [(Zone, "us-west1-a")], true },
        { "beta volume label against another GA zone", BetaZone, "us-west1-a", [(Zone, "us-west1-c")], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_VolumeTopologyAgainstNodeLabels(string name, string pvKey, string pvValue, (string Key, string Value)[] nodeLabels, bool fits)
    {
        var objects = Storage.Objects(
            Storage.Pvc("claim", volumeName: "vol", bound: true),
            Storage.Pv("vol", claim: "claim", phase: "Bound", labels: new Dictionary<string, string> { [pvKey] = pvValue }));
        var plugin = new VolumeZonePlugin(objects);
        var builder = new NodeBuilder("n");
        foreach (var (k, v) in nodeLabels) builder.Label(k, v);
        var node = NodeInfo.For(builder);
        var pod = PodBuilder.Make().Obj().WithClaims("claim");
        var state = new CycleState();
        Assert.True(plugin.PreFilter(state, pod, [node], out _).IsSuccess, name);

        var status = plugin.Filter(state, pod, node);

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal((StatusCode.UnschedulableAndUnresolvable, VolumeZonePlugin.ErrReasonConflict), (status.Code, status.Message));
    }

    [Theory]
    [InlineData("no claims", null, true, null)]
    [InlineData("volume without topology labels", "plain", true, null)]
    [InlineData("unbound WaitForFirstConsumer claim", "wffc", true, null)]
    [InlineData("unbound Immediate claim", "immediate", false, "PersistentVolume had no name")]
    [InlineData("claim without volume or class", "classless", false, "PersistentVolumeClaim had no pv name and storageClass name")]
    [InlineData("missing claim", "missing", false, "persistentvolumeclaim \"missing\" not found")]
    [InlineData("claim bound to a missing volume", "dangling", false, "persistentvolume \"gone\" not found")]
    public void PreFilter_SkipsOrRejects(string name, string? claim, bool skip, string? reason)
    {
        var objects = Storage.Objects(
            Storage.Class("wffc-class", "WaitForFirstConsumer"), Storage.Class("immediate-class"),
            Storage.Pvc("plain", volumeName: "plain-vol", bound: true), Storage.Pv("plain-vol", claim: "plain", phase: "Bound"),
            Storage.Pvc("wffc", className: "wffc-class"), Storage.Pvc("immediate", className: "immediate-class"), Storage.Pvc("classless"),
            Storage.Pvc("dangling", volumeName: "gone", bound: true));
        var pod = PodBuilder.Make().Obj();
        if (claim is not null) pod.WithClaims(claim);

        var status = new VolumeZonePlugin(objects).PreFilter(new CycleState(), pod, [], out _);

        Assert.Equal(skip, status.IsSkip);
        if (reason is not null) Assert.Equal((StatusCode.UnschedulableAndUnresolvable, reason), (status.Code, status.Message));
        Assert.NotNull(name);
    }
}
