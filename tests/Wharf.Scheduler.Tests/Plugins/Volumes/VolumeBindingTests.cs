using k8s.Models;
using Wharf.Client.Tests.Support;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.VolumeBinding;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.Volumes;

public class VolumeBindingTests
{
    private const string Wffc = "local-wffc";
    private const string Dynamic = "dynamic-wffc";
    private const string Immediate = "immediate";

    private static readonly V1Node s_node1 = NodeBuilder.Make("node-1");
    private static readonly V1Node s_node2 = NodeBuilder.Make("node-2");

    private static (VolumeBindingPlugin Plugin, FakeVolumeWriter Writer, ClusterObjects Objects) Create(TimeSpan? bindTimeout = null, params object[] objects)
    {
        var store = Storage.Objects([
            Storage.Class(Wffc, "WaitForFirstConsumer"),
            Storage.Class(Dynamic, "WaitForFirstConsumer", provisioner: "example.com/csi"),
            Storage.Class(Immediate),
            .. objects]);
        var writer = new FakeVolumeWriter(store);
        var binder = new VolumeBinder(store, writer, bindTimeout ?? TimeSpan.FromSeconds(10), TimeProvider.System) { PollInterval = TimeSpan.FromMilliseconds(10) };
        return (new VolumeBindingPlugin(binder), writer, store);
    }

    private static Status Filter(VolumeBindingPlugin plugin, CycleState state, V1Pod pod, V1Node node)
    {
        var nodes = new[] { NodeInfo.For(s_node1), NodeInfo.For(s_node2) };
        var s = plugin.PreFilter(state, pod, nodes, out _);
        return s.IsSuccess ? plugin.Filter(state, pod, nodes.Single(n => n.Name == node.Metadata.Name)) : s;
    }

    public static TheoryData<string, object[], StatusCode, string?> FilterCases => new()
    {
        { "bound claim, volume on this node", [Storage.Pvc("c", volumeName: "pv", bound: true), Storage.Pv("pv", onNode: "node-1", phase: "Bound", claim: "c")], StatusCode.Success, null },
        { "bound claim, volume on another node", [Storage.Pvc("c", volumeName: "pv", bound: true), Storage.Pv("pv", onNode: "node-2", phase: "Bound", claim: "c")], StatusCode.UnschedulableAndUnresolvable, VolumeBinder.ErrReasonNodeConflict },
        { "bound claim, volume gone", [Storage.Pvc("c", volumeName: "pv", bound: true)], StatusCode.UnschedulableAndUnresolvable, VolumeBinder.ErrReasonPVNotExist },
        { "unbound Immediate claim", [Storage.Pvc("c", className: Immediate)], StatusCode.UnschedulableAndUnresolvable, VolumeBindingPlugin.ErrReasonUnboundImmediate },
        { "claim pre-bound by volumeName, not yet bound", [Storage.Pvc("c", className: Wffc, volumeName: "pv"), Storage.Pv("pv", className: Wffc)], StatusCode.UnschedulableAndUnresolvable, VolumeBindingPlugin.ErrReasonUnboundImmediate },
        { "WaitForFirstConsumer, matching local volume", [Storage.Pvc("c", className: Wffc), Storage.Pv("pv", className: Wffc, onNode: "node-1")], StatusCode.Success, null },
        { "WaitForFirstConsumer, volume on another node", [Storage.Pvc("c", className: Wffc), Storage.Pv("pv", className: Wffc, onNode: "node-2")], StatusCode.UnschedulableAndUnresolvable, VolumeBinder.ErrReasonBindConflict },
        { "WaitForFirstConsumer, no volume, dynamic provisioner", [Storage.Pvc("c", className: Dynamic)], StatusCode.Success, null },
        { "WaitForFirstConsumer, provisioning already on another node", [WithSelectedNode(Storage.Pvc("c", className: Dynamic), "node-2")], StatusCode.UnschedulableAndUnresolvable, VolumeBinder.ErrReasonBindConflict },
        { "capacity tracking, no capacity published", [Storage.Pvc("c", "2Gi", Dynamic), Storage.Driver("example.com/csi", true)], StatusCode.UnschedulableAndUnresolvable, VolumeBinder.ErrReasonNotEnoughSpace },
        { "capacity tracking, enough capacity on the node", [Storage.Pvc("c", "2Gi", Dynamic), Storage.Driver("example.com/csi", true), Storage.Capacity("cap", Dynamic, "10Gi")], StatusCode.Success, null },
        { "capacity tracking, capacity too small", [Storage.Pvc("c", "2Gi", Dynamic), Storage.Driver("example.com/csi", true), Storage.Capacity("cap", Dynamic, "1Gi")], StatusCode.UnschedulableAndUnresolvable, VolumeBinder.ErrReasonNotEnoughSpace },
        { "capacity tracking, maximumVolumeSize wins over capacity", [Storage.Pvc("c", "2Gi", Dynamic), Storage.Driver("example.com/csi", true), Storage.Capacity("cap", Dynamic, "10Gi", "1Gi")], StatusCode.UnschedulableAndUnresolvable, VolumeBinder.ErrReasonNotEnoughSpace },
        { "capacity tracking, capacity only on another node", [Storage.Pvc("c", "2Gi", Dynamic), Storage.Driver("example.com/csi", true), Storage.Capacity("cap", Dynamic, "10Gi", topologyLabel: "kubernetes.io/hostname=node-2")], StatusCode.UnschedulableAndUnresolvable, VolumeBinder.ErrReasonNotEnoughSpace },
        { "driver without capacity tracking", [Storage.Pvc("c", "2Gi", Dynamic), Storage.Driver("example.com/csi", false)], StatusCode.Success, null },
        { "class topology excludes the node", [Storage.Pvc("c", className: "zonal"), Storage.Class("zonal", "WaitForFirstConsumer", "example.com/csi",
            [new V1TopologySelectorTerm { MatchLabelExpressions = [new V1TopologySelectorLabelRequirement { Key = "topology.kubernetes.io/zone", Values = ["z1"] }] }])],
            StatusCode.UnschedulableAndUnresolvable, VolumeBinder.ErrReasonBindConflict },
        { "missing claim", [], StatusCode.UnschedulableAndUnresolvable, "persistentvolumeclaim \"c\" not found" },
        { "claim being deleted", [Deleting(Storage.Pvc("c", className: Wffc))], StatusCode.UnschedulableAndUnresolvable, "persistentvolumeclaim \"c\" is being deleted" },
        { "lost claim", [Lost(Storage.Pvc("c", volumeName: "pv"))], StatusCode.UnschedulableAndUnresolvable, "persistentvolumeclaim \"c\" bound to non-existent persistentvolume \"pv\"" },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void PreFilterAndFilter_OnNode1(string name, object[] objects, StatusCode code, string? reason)
    {
        var (plugin, _, _) = Create(null, objects);

        var status = Filter(plugin, new CycleState(), PodBuilder.Make().Obj().WithClaims("c"), s_node1);

        Assert.Equal((code, reason ?? ""), (status.Code, status.Message));
        Assert.NotNull(name);
    }

    [Theory]
    [InlineData("one local volume", new[] { "node-2" }, "node-2")]
    [InlineData("two volumes on the same node", new[] { "node-2", "node-2" }, "node-2")]
    [InlineData("volumes on different nodes leave no node", new[] { "node-1", "node-2" }, "")]
    [InlineData("volume without hostname affinity does not narrow", new[] { "" }, null)]
    public void PreFilter_BoundLocalVolumesNarrowTheNodes(string name, string[] volumeNodes, string? expected)
    {
        var objects = new List<object>();
        var pod = PodBuilder.Make().Obj();
        for (var i = 0; i < volumeNodes.Length; i++)
        {
            objects.Add(Storage.Pvc($"c{i}", volumeName: $"pv{i}", bound: true));
            objects.Add(Storage.Pv($"pv{i}", onNode: volumeNodes[i].Length == 0 ? null : volumeNodes[i], phase: "Bound", claim: $"c{i}"));
            pod.WithClaims($"c{i}");
        }
        var (plugin, _, _) = Create(null, [.. objects]);

        Assert.True(plugin.PreFilter(new CycleState(), pod, [], out var result).IsSuccess, name);

        Assert.Equal(expected, result?.NodeNames is { } names ? string.Join(",", names) : null);
    }

    public static TheoryData<string, V1PersistentVolumeClaim, V1PersistentVolume[], string?> MatchCases => new()
    {
        { "smallest big-enough volume wins", Storage.Pvc("c", "2Gi", Wffc), [Storage.Pv("big", "10Gi", Wffc), Storage.Pv("small", "1Gi", Wffc), Storage.Pv("fit", "5Gi", Wffc)], "fit" },
        { "too small", Storage.Pvc("c", "2Gi", Wffc), [Storage.Pv("small", "1Gi", Wffc)], null },
        { "other class", Storage.Pvc("c", className: Wffc), [Storage.Pv("pv", className: "other")], null },
        { "access mode missing", Storage.Pvc("c", className: Wffc, modes: ["ReadWriteMany"]), [Storage.Pv("pv", className: Wffc)], null },
        { "block claim, filesystem volume", Storage.Pvc("c", className: Wffc, volumeMode: "Block"), [Storage.Pv("pv", className: Wffc)], null },
        { "volume not Available", Storage.Pvc("c", className: Wffc), [Storage.Pv("pv", className: Wffc, phase: "Released")], null },
        { "volume claimed by another claim", Storage.Pvc("c", className: Wffc), [Storage.Pv("pv", className: Wffc, claim: "someone-else")], null },
        { "selector matches", Storage.Pvc("c", className: Wffc, selector: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["tier"] = "fast" } }),
            [Storage.Pv("slow", className: Wffc, labels: new Dictionary<string, string> { ["tier"] = "slow" }), Storage.Pv("fast", "5Gi", Wffc, labels: new Dictionary<string, string> { ["tier"] = "fast" })], "fast" },
        { "volume pre-bound to the claim beats a smaller one", Storage.Pvc("c", className: Wffc), [Storage.Pv("small", className: Wffc), Storage.Pv("mine", "5Gi", Wffc, phase: "Available", claim: "c")], "mine" },
    };

    [Theory]
    [MemberData(nameof(MatchCases))]
    public void VolumeMatcher_ChoosesAsUpstream(string name, V1PersistentVolumeClaim pvc, V1PersistentVolume[] volumes, string? expected)
    {
        var chosen = VolumeMatcher.Find(pvc, volumes, s_node1, new HashSet<string>());

        Assert.Equal(expected, chosen?.Metadata.Name);
        Assert.NotNull(name);
    }

    [Fact]
    public async Task StaticBinding_ReserveAssumesThePv_PreBindWritesClaimRefAndWaitsForTheBind()
    {
        var (plugin, writer, _) = Create(null, Storage.Pvc("c", className: Wffc), Storage.Pvc("c2", className: Wffc), Storage.Pv("pv", className: Wffc, onNode: "node-1"));
        var pod = PodBuilder.Make("p").Obj().WithClaims("c");
        var state = new CycleState();
        Assert.True(Filter(plugin, state, pod, s_node1).IsSuccess);
        Assert.True(plugin.Reserve(state, pod, "node-1").IsSuccess);

        // Another pod whose claim could use the same volume finds it taken by the assumption.
        var (rival, rivalState) = (PodBuilder.Make("rival").Obj().WithClaims("c2"), new CycleState());
        Assert.Equal(VolumeBinder.ErrReasonBindConflict, Filter(plugin, rivalState, rival, s_node1).Message);

        var preBind = plugin.PreBindAsync(state, pod, "node-1", CancellationToken.None).AsTask();
        await Eventually.HoldsAsync(() => Task.FromResult(writer.PvUpdates.Count == 1), "PV update written");
        Assert.False(preBind.IsCompleted);
        var written = writer.PvUpdates[0];
        Assert.Equal(("c", Storage.Ns, "uid-pvc-c"), (written.Spec.ClaimRef.Name, written.Spec.ClaimRef.NamespaceProperty, written.Spec.ClaimRef.Uid));
        Assert.Equal("yes", written.Metadata.Annotations[StorageHelpers.AnnBoundByController]);

        writer.CompleteBinding("c", "pv");

        Assert.True((await preBind.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
        Assert.Empty(writer.PvcUpdates);
    }

    [Fact]
    public async Task DynamicProvisioning_PreBindSetsSelectedNode()
    {
        var (plugin, writer, objects) = Create(null, Storage.Pvc("c", className: Dynamic));
        var pod = PodBuilder.Make("p").Obj().WithClaims("c");
        var state = new CycleState();
        Assert.True(Filter(plugin, state, pod, s_node2).IsSuccess);
        Assert.True(plugin.Reserve(state, pod, "node-2").IsSuccess);

        var preBind = plugin.PreBindAsync(state, pod, "node-2", CancellationToken.None).AsTask();
        await Eventually.HoldsAsync(() => Task.FromResult(writer.PvcUpdates.Count == 1), "PVC update written");
        Assert.Equal("node-2", writer.PvcUpdates[0].Metadata.Annotations[StorageHelpers.AnnSelectedNode]);
        // The provisioner's half: a volume on the selected node, then the PV controller binds the claim to it.
        objects.Apply(ClusterChangeType.Added, Storage.Pv("provisioned", className: Dynamic, onNode: "node-2", phase: "Bound", claim: "c"));
        writer.CompleteBinding("c", "provisioned");

        Assert.True((await preBind.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
    }

    [Fact]
    public async Task DynamicProvisioning_ProvisionerGivingUp_FailsPreBindSoThePodIsRescheduled()
    {
        var (plugin, writer, objects) = Create(null, Storage.Pvc("c", className: Dynamic));
        var pod = PodBuilder.Make("p").Obj().WithClaims("c");
        var state = new CycleState();
        Assert.True(Filter(plugin, state, pod, s_node1).IsSuccess);
        Assert.True(plugin.Reserve(state, pod, "node-1").IsSuccess);
        var preBind = plugin.PreBindAsync(state, pod, "node-1", CancellationToken.None).AsTask();
        await Eventually.HoldsAsync(() => Task.FromResult(writer.PvcUpdates.Count == 1), "PVC update written");

        // A provisioner that cannot serve the node removes the selected-node annotation.
        var reset = StorageHelpers.Clone(objects.PersistentVolumeClaim(Storage.Ns, "c")!);
        reset.Metadata.Annotations.Remove(StorageHelpers.AnnSelectedNode);
        reset.Metadata.ResourceVersion = "99";
        objects.Apply(ClusterChangeType.Modified, reset);

        var status = await preBind.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((StatusCode.Error, "binding volumes: provisioning failed for PVC \"c\""), (status.Code, status.Message));
    }

    [Fact]
    public async Task PreBind_GivesUpAfterTheBindTimeout()
    {
        var (plugin, _, _) = Create(TimeSpan.FromMilliseconds(200), Storage.Pvc("c", className: Wffc), Storage.Pv("pv", className: Wffc, onNode: "node-1"));
        var pod = PodBuilder.Make("p").Obj().WithClaims("c");
        var state = new CycleState();
        Assert.True(Filter(plugin, state, pod, s_node1).IsSuccess);
        Assert.True(plugin.Reserve(state, pod, "node-1").IsSuccess);

        var status = await plugin.PreBindAsync(state, pod, "node-1", CancellationToken.None);

        Assert.Equal((StatusCode.Error, "binding volumes: context deadline exceeded"), (status.Code, status.Message));
    }

    [Fact]
    public void Unreserve_ReleasesTheAssumedPv()
    {
        var (plugin, _, _) = Create(null, Storage.Pvc("c", className: Wffc), Storage.Pvc("c2", className: Wffc), Storage.Pv("pv", className: Wffc, onNode: "node-1"));
        var pod = PodBuilder.Make("p").Obj().WithClaims("c");
        var state = new CycleState();
        Assert.True(Filter(plugin, state, pod, s_node1).IsSuccess);
        Assert.True(plugin.Reserve(state, pod, "node-1").IsSuccess);
        Assert.False(Filter(plugin, new CycleState(), PodBuilder.Make().Obj().WithClaims("c2"), s_node1).IsSuccess);

        plugin.Unreserve(state, pod, "node-1");

        Assert.True(Filter(plugin, new CycleState(), PodBuilder.Make().Obj().WithClaims("c2"), s_node1).IsSuccess);
    }

    [Fact]
    public async Task AllBoundClaims_NeedNoPreBind()
    {
        var (plugin, writer, _) = Create(null, Storage.Pvc("c", volumeName: "pv", bound: true), Storage.Pv("pv", onNode: "node-1", phase: "Bound", claim: "c"));
        var pod = PodBuilder.Make("p").Obj().WithClaims("c");
        var state = new CycleState();
        Assert.True(Filter(plugin, state, pod, s_node1).IsSuccess);
        Assert.True(plugin.Reserve(state, pod, "node-1").IsSuccess);

        Assert.True((await plugin.PreBindAsync(state, pod, "node-1", CancellationToken.None)).IsSuccess);
        Assert.Empty(writer.PvUpdates);
    }

    [Fact]
    public void PreFilter_SkipsPodsWithoutClaims()
    {
        var (plugin, _, _) = Create();
        Assert.True(plugin.PreFilter(new CycleState(), PodBuilder.Make(), [], out _).IsSkip);
    }

    private static V1PersistentVolumeClaim WithSelectedNode(V1PersistentVolumeClaim pvc, string node)
    {
        (pvc.Metadata.Annotations ??= new Dictionary<string, string>())[StorageHelpers.AnnSelectedNode] = node;
        return pvc;
    }

    private static V1PersistentVolumeClaim Deleting(V1PersistentVolumeClaim pvc)
    {
        pvc.Metadata.DeletionTimestamp = DateTime.UtcNow;
        return pvc;
    }

    private static V1PersistentVolumeClaim Lost(V1PersistentVolumeClaim pvc)
    {
        pvc.Status.Phase = "Lost";
        return pvc;
    }
}
