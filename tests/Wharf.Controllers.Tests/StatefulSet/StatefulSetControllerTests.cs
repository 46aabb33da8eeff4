using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.History;
using Wharf.Controllers.PodControl;
using Wharf.Controllers.Tests.Support;
using static Wharf.Controllers.Tests.StatefulSet.StatefulSets;

namespace Wharf.Controllers.Tests.StatefulSet;

public sealed class StatefulSetControllerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Ns = WorkloadHarness.Namespace;

    private static string NameOf(JsonObject o) => ObjectMeta.Name(o)!;

    private static async Task<List<string>> PodNamesAsync(WorkloadHarness h) => [.. (await h.PodsAsync()).Select(NameOf).Order()];

    [Fact]
    public async Task OrderedReady_StartsEachPodOnlyAfterItsPredecessorIsReady_WithStableIdentity()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        var held = true;
        h.Kubelet.Holds = p => held && NameOf(p) == "web-0";
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 3), Ct);

        await Eventually.HoldsAsync(async () => await PodAsync(h, "web-0") is not null, "web-0 is created");
        await Task.Delay(700);
        Assert.Equal(["web-0"], await PodNamesAsync(h));

        held = false;
        await Eventually.HoldsAsync(async () =>
        {
            var s = await h.GetAsync(Resource.StatefulSets, "web");
            return StatusInt(s, "readyReplicas") == 3 && StatusInt(s, "availableReplicas") == 3 && StatusInt(s, "currentReplicas") == 3 &&
                   StatusInt(s, "updatedReplicas") == 3 && s["status"]?["observedGeneration"]?.GetValue<long>() == 1;
        }, "three ready pods are reported");

        var set = await h.GetAsync(Resource.StatefulSets, "web");
        var revision = StatusStr(set, "updateRevision");
        Assert.Equal(revision, StatusStr(set, "currentRevision"));
        Assert.Equal(0, StatusInt(set, "collisionCount"));
        Assert.Equal(["web-0", "web-1", "web-2"], await PodNamesAsync(h));
        foreach (var (pod, i) in (await h.PodsAsync()).OrderBy(NameOf).Select((p, i) => (p, i)))
        {
            Assert.Equal($"web-{i}", pod["spec"]!["hostname"]!.GetValue<string>());
            Assert.Equal("web-svc", pod["spec"]!["subdomain"]!.GetValue<string>());
            Assert.Equal($"web-{i}", Label(pod, "statefulset.kubernetes.io/pod-name"));
            Assert.Equal($"{i}", Label(pod, "apps.kubernetes.io/pod-index"));
            Assert.Equal(revision, Label(pod, "controller-revision-hash"));
            Assert.Equal(ObjectMeta.Uid(set), OwnerReferences.ControllerOf(pod)?["uid"]?.GetValue<string>());
        }
        var stored = await h.Client.GetAsync(ControllerRevisions.Resource, Ns, revision!, Ct);
        Assert.Equal(1, ControllerRevisions.Revision(stored));
        Assert.Equal("replace", stored["data"]!["spec"]!["template"]!["$patch"]!.GetValue<string>());
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("SuccessfulCreate")).Count == 3, "three SuccessfulCreate events");
        Assert.Contains((await h.EventsAsync("SuccessfulCreate")).Select(e => e["message"]!.GetValue<string>()), m => m == "create Pod web-0 in StatefulSet web successful");
    }

    [Fact]
    public async Task Parallel_CreatesAllPodsWithoutWaitingForReadiness_FromTheStartOrdinal()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        h.Kubelet.Holds = _ => true;
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("db", 3, policy: "Parallel", startOrdinal: 5), Ct);

        await Eventually.HoldsAsync(async () => (await PodNamesAsync(h)).SequenceEqual(["db-5", "db-6", "db-7"]), "all three pods exist while none is ready");
        var set = await h.GetAsync(Resource.StatefulSets, "db");
        Assert.Null(StatusInt(set, "readyReplicas"));
    }

    [Fact]
    public async Task ClaimTemplates_MakeOneClaimPerPodBeforeThePod_MountedByClaimName()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 2, claimTemplates: ClaimTemplate("data")), Ct);

        await Eventually.HoldsAsync(async () => (await PodNamesAsync(h)).Count == 2, "two pods");
        foreach (var i in new[] { 0, 1 })
        {
            var claim = await h.Client.GetAsync(Claims, Ns, $"data-web-{i}", Ct);
            Assert.Equal("web", Label(claim, "app"));
            Assert.Null(claim["metadata"]!["ownerReferences"]);
            var pod = (await PodAsync(h, $"web-{i}"))!;
            var volume = pod["spec"]!["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "data")!;
            Assert.Equal($"data-web-{i}", volume["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        }
        Assert.Contains((await h.EventsAsync("SuccessfulCreate")).Select(e => e["message"]!.GetValue<string>()),
            m => m == "create Claim data-web-0 Pod web-0 in StatefulSet web success");
    }

    [Fact]
    public async Task ScaleDown_RemovesHighestOrdinalFirst_OneAtATime()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        var set = New("web", 3);
        // A finalizer keeps deleted pods visible as terminating, so the order can be watched.
        set["spec"]!["template"]!["metadata"]!["finalizers"] = new JsonArray("test.wharf.dev/hold");
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, set, Ct);
        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "readyReplicas") == 3, "three ready");

        await PatchSpecAsync(h, "web", new JsonObject { ["replicas"] = 1 });

        await Eventually.HoldsAsync(async () => ObjectMeta.IsBeingDeleted((await PodAsync(h, "web-2"))!), "web-2 is deleted first");
        await Task.Delay(700);
        Assert.False(ObjectMeta.IsBeingDeleted((await PodAsync(h, "web-1"))!), "web-1 waits while web-2 terminates");

        await ReleaseAsync(h, "web-2");
        await Eventually.HoldsAsync(async () => ObjectMeta.IsBeingDeleted((await PodAsync(h, "web-1"))!), "then web-1 is deleted");
        await ReleaseAsync(h, "web-1");
        await Eventually.HoldsAsync(async () => (await PodNamesAsync(h)).SequenceEqual(["web-0"]), "web-0 alone remains");
        Assert.Contains((await h.EventsAsync("SuccessfulDelete")).Select(e => e["message"]!.GetValue<string>()), m => m == "delete Pod web-2 in StatefulSet web successful");
        await ReleaseAsync(h, "web-0");
    }

    private static async Task ReleaseAsync(WorkloadHarness h, string pod) =>
        await h.Client.PatchAsync(Resource.Pods, Ns, pod, PatchType.Merge, new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, null, Ct);

    [Fact]
    public async Task RollingUpdate_WithPartition_UpdatesOnlyOrdinalsAtOrAboveIt_ThenCompletes()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        var strategy = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 1 } };
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 3, updateStrategy: strategy), Ct);
        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "readyReplicas") == 3, "three ready");
        var first = StatusStr(await h.GetAsync(Resource.StatefulSets, "web"), "currentRevision");

        await PatchSpecAsync(h, "web", Image("web", "nginx:1.28"));

        await Eventually.HoldsAsync(async () =>
        {
            var s = await h.GetAsync(Resource.StatefulSets, "web");
            return StatusInt(s, "updatedReplicas") == 2 && StatusInt(s, "currentReplicas") == 1 && StatusInt(s, "readyReplicas") == 3;
        }, "web-1 and web-2 are updated, web-0 is not", TimeSpan.FromSeconds(30));
        var set = await h.GetAsync(Resource.StatefulSets, "web");
        Assert.Equal(first, StatusStr(set, "currentRevision"));
        Assert.NotEqual(first, StatusStr(set, "updateRevision"));
        Assert.Equal("nginx:1.27", ImageOf((await PodAsync(h, "web-0"))!));
        Assert.Equal("nginx:1.28", ImageOf((await PodAsync(h, "web-2"))!));

        await PatchSpecAsync(h, "web", new JsonObject { ["updateStrategy"] = new JsonObject { ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } } });

        await Eventually.HoldsAsync(async () =>
        {
            var s = await h.GetAsync(Resource.StatefulSets, "web");
            return StatusInt(s, "updatedReplicas") == 3 && StatusStr(s, "currentRevision") == StatusStr(s, "updateRevision") && StatusInt(s, "currentReplicas") == 3;
        }, "the rollout completes", TimeSpan.FromSeconds(30));
        Assert.All(await h.PodsAsync(), p => Assert.Equal("nginx:1.28", ImageOf(p)));
    }

    [Fact]
    public async Task OnDelete_LeavesPodsAlone_UntilOneIsDeleted_ThenRecreatesItAtTheUpdateRevision()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 2, updateStrategy: new JsonObject { ["type"] = "OnDelete" }), Ct);
        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "readyReplicas") == 2, "two ready");

        await PatchSpecAsync(h, "web", Image("web", "nginx:1.28"));
        await Eventually.HoldsAsync(async () =>
        {
            var s = await h.GetAsync(Resource.StatefulSets, "web");
            return StatusStr(s, "updateRevision") != StatusStr(s, "currentRevision");
        }, "a new update revision");
        await Task.Delay(700);
        Assert.All(await h.PodsAsync(), p => Assert.Equal("nginx:1.27", ImageOf(p)));

        var old = (await PodAsync(h, "web-1"))!;
        await h.Client.DeleteAsync(Resource.Pods, Ns, "web-1", null, Ct);

        await Eventually.HoldsAsync(async () => await PodAsync(h, "web-1") is { } p && ObjectMeta.Uid(p) != ObjectMeta.Uid(old) && ImageOf(p) == "nginx:1.28",
            "web-1 comes back at the new template");
        var set = await h.GetAsync(Resource.StatefulSets, "web");
        Assert.Equal(StatusStr(set, "updateRevision"), Label((await PodAsync(h, "web-1"))!, "controller-revision-hash"));
        Assert.Equal("nginx:1.27", ImageOf((await PodAsync(h, "web-0"))!));
    }

    [Fact]
    public async Task RetentionPolicy_WhenScaledDelete_HandsTheClaimToThePod_SoItGoesWithIt()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet, ControllerNames.GarbageCollector);
        var retention = new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Delete" };
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 2, claimTemplates: ClaimTemplate("data"), retention: retention), Ct);
        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "readyReplicas") == 2, "two ready");

        await PatchSpecAsync(h, "web", new JsonObject { ["replicas"] = 1 });

        await Eventually.HoldsAsync(async () =>
        {
            var claims = (await h.Client.ListAsync(Claims, Ns, null, Ct))["items"]!.AsArray().Select(c => NameOf(c!.AsObject())).ToList();
            return claims.SequenceEqual(["data-web-0"]);
        }, "the scaled-away pod's claim is collected and the other stays", TimeSpan.FromSeconds(30));
        Assert.Null((await h.Client.GetAsync(Claims, Ns, "data-web-0", Ct))["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task FailedPod_IsDeletedAndRecreatedUnderTheSameName()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 1), Ct);
        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "readyReplicas") == 1, "one ready");
        var old = (await PodAsync(h, "web-0"))!;

        await PodOutcomes.FailAsync(h.Client, old);

        await Eventually.HoldsAsync(async () => await PodAsync(h, "web-0") is { } p && ObjectMeta.Uid(p) != ObjectMeta.Uid(old) && p["status"]?["phase"]?.GetValue<string>() == "Running",
            "web-0 is replaced and running again");
    }

    [Fact]
    public async Task RollingBackToAnEarlierTemplate_ReusesItsRevision_RenumberedAsNewest()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 1), Ct);
        await Eventually.HoldsAsync(async () => StatusStr(await h.GetAsync(Resource.StatefulSets, "web"), "updateRevision") is not null, "a first revision");
        var first = StatusStr(await h.GetAsync(Resource.StatefulSets, "web"), "updateRevision")!;

        await PatchSpecAsync(h, "web", Image("web", "nginx:1.28"));
        await Eventually.HoldsAsync(async () => StatusStr(await h.GetAsync(Resource.StatefulSets, "web"), "updateRevision") != first, "a second revision");
        await PatchSpecAsync(h, "web", Image("web", "nginx:1.27"));

        await Eventually.HoldsAsync(async () => StatusStr(await h.GetAsync(Resource.StatefulSets, "web"), "updateRevision") == first, "the first revision is the update revision again");
        await Eventually.HoldsAsync(async () => ControllerRevisions.Revision(await h.Client.GetAsync(ControllerRevisions.Resource, Ns, first, Ct)) == 3,
            "renumbered as revision 3");
        var revisions = (await h.Client.ListAsync(ControllerRevisions.Resource, Ns, null, Ct))["items"]!.AsArray();
        Assert.Equal(2, revisions.Count);
    }

    [Fact]
    public async Task RevisionData_IsThePatchKubectlRolloutUndoApplies()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 1), Ct);
        await Eventually.HoldsAsync(async () => StatusStr(await h.GetAsync(Resource.StatefulSets, "web"), "updateRevision") is not null, "a first revision");
        var first = StatusStr(await h.GetAsync(Resource.StatefulSets, "web"), "updateRevision")!;
        await PatchSpecAsync(h, "web", Image("web", "nginx:1.28"));
        await Eventually.HoldsAsync(async () => StatusStr(await h.GetAsync(Resource.StatefulSets, "web"), "updateRevision") != first, "a second revision");

        // What `kubectl rollout undo statefulset/web` sends: the earlier revision's data as a strategic merge patch.
        var data = (await h.Client.GetAsync(ControllerRevisions.Resource, Ns, first, Ct))["data"]!;
        await h.Client.PatchAsync(Resource.StatefulSets, Ns, "web", PatchType.StrategicMerge, data.DeepClone(), null, Ct);

        var set = await h.GetAsync(Resource.StatefulSets, "web");
        Assert.Equal("nginx:1.27", set["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Null(set["spec"]!["template"]!["$patch"]);
        await Eventually.HoldsAsync(async () => StatusStr(await h.GetAsync(Resource.StatefulSets, "web"), "updateRevision") == first, "the first revision is current again");
    }

    [Theory]
    [InlineData("default of one", null, 1)]
    [InlineData("two at a time", 2, 2)]
    public async Task RollingUpdate_TakesDownAtMostMaxUnavailable_HighestOrdinalsFirst(string _, int? maxUnavailable, int updatedWhileHeld)
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        var rolling = new JsonObject { ["partition"] = 0 };
        if (maxUnavailable is { } m) rolling["maxUnavailable"] = m;
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 4, policy: "Parallel", updateStrategy: new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = rolling }), Ct);
        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "readyReplicas") == 4, "four ready");
        // Updated pods never become ready, so the rollout stalls once its unavailability budget is spent.
        h.Kubelet.Holds = p => ImageOf(p) == "nginx:1.28";

        await PatchSpecAsync(h, "web", Image("web", "nginx:1.28"));

        await Eventually.HoldsAsync(async () => (await h.PodsAsync(p => ImageOf(p) == "nginx:1.28")).Count == updatedWhileHeld, "the budget's worth of pods is replaced");
        await Task.Delay(700);
        var updated = (await h.PodsAsync(p => ImageOf(p) == "nginx:1.28")).Select(NameOf).Order().ToList();
        Assert.Equal(Enumerable.Range(4 - updatedWhileHeld, updatedWhileHeld).Select(i => $"web-{i}"), updated);
    }

    [Fact]
    public async Task MinReadySeconds_HoldsAvailabilityAndTheNextOrdinalBack_UntilReadyLongEnough()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        var set = New("web", 2);
        set["spec"]!["minReadySeconds"] = 2;
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, set, Ct);

        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "readyReplicas") == 1, "web-0 ready");
        var status = await h.GetAsync(Resource.StatefulSets, "web");
        Assert.Equal(0, StatusInt(status, "availableReplicas"));
        Assert.Equal(["web-0"], await PodNamesAsync(h));

        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "availableReplicas") == 2, "both available in the end",
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task AnOrphanNamedLikeAMember_IsAdoptedInsteadOfReplaced()
    {
        // OnDelete, because a RollingUpdate would then replace the adopted pod: it carries no revision label.
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        var orphan = await h.Client.CreateAsync(Resource.Pods, Ns, Workloads.Pod(Ns, "web-0", "web"), Ct);
        var stranger = await h.Client.CreateAsync(Resource.Pods, Ns, Workloads.Pod(Ns, "other-0", "web"), Ct);

        var set = await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 1, updateStrategy: new JsonObject { ["type"] = "OnDelete" }), Ct);

        await Eventually.HoldsAsync(async () => OwnerReferences.ControllerOf((await PodAsync(h, "web-0"))!)?["uid"]?.GetValue<string>() == ObjectMeta.Uid(set),
            "web-0 is adopted");
        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "readyReplicas") == 1, "and counted");
        Assert.Equal(ObjectMeta.Uid(orphan), ObjectMeta.Uid((await PodAsync(h, "web-0"))!));
        Assert.Equal("web-0", Label((await PodAsync(h, "web-0"))!, "statefulset.kubernetes.io/pod-name"));
        Assert.Null(OwnerReferences.ControllerOf((await PodAsync(h, "other-0"))!));
        Assert.Equal(ObjectMeta.Uid(stranger), ObjectMeta.Uid((await PodAsync(h, "other-0"))!));
    }

    [Fact]
    public async Task RevisionHistoryLimit_DeletesOldRevisionsNoPodUses()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet);
        var set = New("web", 1);
        set["spec"]!["revisionHistoryLimit"] = 1;
        await h.Client.CreateAsync(Resource.StatefulSets, Ns, set, Ct);
        foreach (var image in new[] { "nginx:1.27", "nginx:1.28", "nginx:1.29", "nginx:1.30" })
        {
            await PatchSpecAsync(h, "web", Image("web", image));
            // Each template is rolled out before the next, so each gets a revision of its own.
            await Eventually.HoldsAsync(async () =>
            {
                var s = await h.GetAsync(Resource.StatefulSets, "web");
                return await PodAsync(h, "web-0") is { } pod && ImageOf(pod) == image && StatusInt(s, "readyReplicas") == 1 &&
                       StatusStr(s, "currentRevision") == StatusStr(s, "updateRevision") && StatusStr(s, "updateRevision") == Label(pod, "controller-revision-hash");
            }, $"{image} is rolled out");
        }

        await Eventually.HoldsAsync(async () => (await h.Client.ListAsync(ControllerRevisions.Resource, Ns, null, Ct))["items"]!.AsArray().Count == 2,
            "the live revision plus one of history remain");
        var numbers = (await h.Client.ListAsync(ControllerRevisions.Resource, Ns, null, Ct))["items"]!.AsArray().Select(r => ControllerRevisions.Revision(r!.AsObject())).Order();
        Assert.Equal([3L, 4L], numbers);
    }

    [Fact]
    public async Task RetentionPolicy_WhenDeletedDelete_GivesTheClaimsToTheSet_SoTheyGoWithIt()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.StatefulSet, ControllerNames.GarbageCollector);
        var retention = new JsonObject { ["whenDeleted"] = "Delete", ["whenScaled"] = "Retain" };
        var set = await h.Client.CreateAsync(Resource.StatefulSets, Ns, New("web", 1, claimTemplates: ClaimTemplate("data"), retention: retention), Ct);
        await Eventually.HoldsAsync(async () => StatusInt(await h.GetAsync(Resource.StatefulSets, "web"), "readyReplicas") == 1, "one ready");

        var claim = await h.Client.GetAsync(Claims, Ns, "data-web-0", Ct);
        Assert.Equal(ObjectMeta.Uid(set), OwnerReferences.ControllerOf(claim)?["uid"]?.GetValue<string>());

        await h.Client.DeleteAsync(Resource.StatefulSets, Ns, "web", null, Ct);
        await Eventually.HoldsAsync(async () => (await h.Client.ListAsync(Claims, Ns, null, Ct))["items"]!.AsArray().Count == 0, "the claim is collected with the set",
            TimeSpan.FromSeconds(30));
    }
}
