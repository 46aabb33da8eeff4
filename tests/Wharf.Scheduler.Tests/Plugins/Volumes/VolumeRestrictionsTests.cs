using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.VolumeRestrictions;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.Volumes;

public class VolumeRestrictionsTests
{
    private static V1Volume Gce(string pd, bool ro) => new() { Name = "v", GcePersistentDisk = new V1GCEPersistentDiskVolumeSource { PdName = pd, ReadOnlyProperty = ro } };
    private static V1Volume Ebs(string id) => new() { Name = "v", AwsElasticBlockStore = new V1AWSElasticBlockStoreVolumeSource { VolumeID = id } };
    private static V1Volume Iscsi(string iqn, bool ro) => new() { Name = "v", Iscsi = new V1ISCSIVolumeSource { Iqn = iqn, TargetPortal = "127.0.0.1", Lun = 0, ReadOnlyProperty = ro } };
    private static V1Volume Rbd(string[] mons, string pool, string image, bool ro) => new() { Name = "v", Rbd = new V1RBDVolumeSource { Monitors = mons, Pool = pool, Image = image, ReadOnlyProperty = ro } };

    public static TheoryData<string, V1Volume, V1Volume, bool> DiskCases => new()
    {
        { "GCE PD same disk read-write", Gce("foo", false), Gce("foo", false), false },
        { "GCE PD same disk both read-only", Gce("foo", true), Gce("foo", true), true },
        { "GCE PD different disks", Gce("foo", false), Gce("bar", false), true },
        { "AWS EBS same volume", Ebs("foo"), Ebs("foo"), false },
        { "AWS EBS different volumes", Ebs("foo"), Ebs("bar"), true },
        { "iSCSI same IQN read-write", Iscsi("iqn.2016-12.server:storage.target01", false), Iscsi("iqn.2016-12.server:storage.target01", false), false },
        { "iSCSI same IQN both read-only", Iscsi("iqn.2016-12.server:storage.target01", true), Iscsi("iqn.2016-12.server:storage.target01", true), true },
        { "iSCSI different IQNs", Iscsi("iqn.2016-12.server:storage.target01", false), Iscsi("iqn.2017-12.server:storage.target01", false), true },
        { "RBD shared monitor same image", Rbd(["a", "b"], "foo", "bar", false), Rbd(["c", "b"], "foo", "bar", false), false },
        { "RBD shared monitor same image read-only", Rbd(["a", "b"], "foo", "bar", true), Rbd(["c", "b"], "foo", "bar", true), true },
        { "RBD no common monitor", Rbd(["a"], "foo", "bar", false), Rbd(["c"], "foo", "bar", false), true },
        { "RBD different pool", Rbd(["a"], "foo", "bar", false), Rbd(["a"], "other", "bar", false), true },
    };

    [Theory]
    [MemberData(nameof(DiskCases))]
    public void Filter_InTreeDiskConflicts(string name, V1Volume incoming, V1Volume existing, bool fits)
    {
        var plugin = new VolumeRestrictionsPlugin(Storage.Objects());
        var pod = PodBuilder.Make().Obj().WithVolume(incoming);
        var node = NodeInfo.For(NodeBuilder.Make("n"), PodBuilder.Make().Node("n").Obj().WithVolume(existing));
        var state = new CycleState();
        Assert.True(plugin.PreFilter(state, pod, [node], out _).IsSuccess, name);

        var status = plugin.Filter(state, pod, node);

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal((StatusCode.Unschedulable, VolumeRestrictionsPlugin.ErrReasonDiskConflict), (status.Code, status.Message));
    }

    [Theory]
    [InlineData("claim used by a pod on another node", "rwop", true, false)]
    [InlineData("claim used by a pod on the same node", "rwop", false, false)]
    [InlineData("other claim in use", "other", true, true)]
    public void Filter_ReadWriteOncePodClaimInUse_IsUnschedulableEverywhere(string name, string usedClaim, bool otherNode, bool fits)
    {
        var objects = Storage.Objects(Storage.Pvc("rwop", modes: ["ReadWriteOncePod"]), Storage.Pvc("other", modes: ["ReadWriteOncePod"]));
        var plugin = new VolumeRestrictionsPlugin(objects);
        var user = PodBuilder.Make("user").Node(otherNode ? "m" : "n").Obj().WithClaims(usedClaim);
        var n = otherNode ? NodeInfo.For(NodeBuilder.Make("n")) : NodeInfo.For(NodeBuilder.Make("n"), user);
        var m = otherNode ? NodeInfo.For(NodeBuilder.Make("m"), user) : NodeInfo.For(NodeBuilder.Make("m"));
        var pod = PodBuilder.Make().Obj().WithClaims("rwop");
        var state = new CycleState();
        Assert.True(plugin.PreFilter(state, pod, [n, m], out _).IsSuccess, name);

        var status = plugin.Filter(state, pod, n);

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal((StatusCode.Unschedulable, VolumeRestrictionsPlugin.ErrReasonReadWriteOncePodConflict), (status.Code, status.Message));
    }

    [Fact]
    public void RemovePod_OfTheClaimHolder_LetsPreemptionFreeTheClaim()
    {
        var plugin = new VolumeRestrictionsPlugin(Storage.Objects(Storage.Pvc("rwop", modes: ["ReadWriteOncePod"])));
        var holder = PodBuilder.Make("holder").Node("n").Obj().WithClaims("rwop");
        var node = NodeInfo.For(NodeBuilder.Make("n"), holder);
        var pod = PodBuilder.Make().Obj().WithClaims("rwop");
        var state = new CycleState();
        plugin.PreFilter(state, pod, [node], out _);
        Assert.False(plugin.Filter(state, pod, node).IsSuccess);

        plugin.RemovePod(state, pod, new PodInfo(holder), node);

        Assert.True(plugin.Filter(state, pod, node).IsSuccess);
        plugin.AddPod(state, pod, new PodInfo(holder), node);
        Assert.False(plugin.Filter(state, pod, node).IsSuccess);
    }

    [Fact]
    public void PreFilter_MissingClaim_IsUnresolvableWithTheNotFoundMessage()
    {
        var status = new VolumeRestrictionsPlugin(Storage.Objects()).PreFilter(new CycleState(), PodBuilder.Make().Obj().WithClaims("nope"), [], out _);

        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "persistentvolumeclaim \"nope\" not found"), (status.Code, status.Message));
    }

    [Theory]
    [InlineData("no volumes", null)]
    [InlineData("ReadWriteOnce claim only", "rwo")]
    public void PreFilter_SkipsPodsWithNothingToCheck(string name, string? claim)
    {
        var pod = PodBuilder.Make().Obj();
        if (claim is not null) pod.WithClaims(claim);

        var status = new VolumeRestrictionsPlugin(Storage.Objects(Storage.Pvc("rwo"))).PreFilter(new CycleState(), pod, [], out _);

        Assert.True(status.IsSkip, name);
    }
}
