using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.ReplicaSet;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.ReplicaSet;

public sealed class ReplicaSetControllerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static TheoryData<string> Kinds => new() { "ReplicaSet", "ReplicationController" };

    private static (Resource Resource, string Controller, JsonObject Object) Owner(string kind, string name, int replicas, string app) => kind == "ReplicaSet"
        ? (Resource.ReplicaSets, ControllerNames.ReplicaSet, Workloads.ReplicaSet(WorkloadHarness.Namespace, name, replicas, app))
        : (ReplicaSetKind.ReplicationControllers, ControllerNames.ReplicationController, Workloads.ReplicationController(WorkloadHarness.Namespace, name, replicas, app));

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task CreatesAndDeletesPodsToMatchReplicas_AndReportsStatus(string kind)
    {
        var (resource, controller, owner) = Owner(kind, "web", 3, "web");
        await using var h = await WorkloadHarness.StartAsync(controller);
        var created = await h.Client.CreateAsync(resource, null, owner, Ct);
        var uid = ObjectMeta.Uid(created)!;

        await Eventually.HoldsAsync(async () =>
        {
            var s = (await h.GetAsync(resource, "web"))["status"];
            return s?["replicas"]?.GetValue<int>() == 3 && s["readyReplicas"]?.GetValue<int>() == 3 &&
                   s["availableReplicas"]?.GetValue<int>() == 3 && s["fullyLabeledReplicas"]?.GetValue<int>() == 3 &&
                   s["observedGeneration"]?.GetValue<long>() == 1;
        }, "three ready pods are reported");
        var pods = await h.PodsOfAsync(uid);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.StartsWith("web-", ObjectMeta.Name(p));
            var reference = p["metadata"]!["ownerReferences"]![0]!;
            Assert.Equal(kind, reference["kind"]!.GetValue<string>());
            Assert.True(reference["blockOwnerDeletion"]!.GetValue<bool>());
        });
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("SuccessfulCreate")).Count == 3, "three SuccessfulCreate events");
        var message = (await h.EventsAsync("SuccessfulCreate"))[0]["message"]!.GetValue<string>();
        Assert.Matches("^Created pod: web-[a-z0-9]{5}$", message);

        await h.Client.PatchAsync(resource, WorkloadHarness.Namespace, "web", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } }, null, Ct);
        await Eventually.HoldsAsync(async () => (await h.PodsOfAsync(uid)).Count == 1, "scaled down to one pod");
        await Eventually.HoldsAsync(async () =>
        {
            var s = (await h.GetAsync(resource, "web"))["status"];
            return s?["replicas"]?.GetValue<int>() == 1 && s["observedGeneration"]?.GetValue<long>() == 2;
        }, "status follows the scale-down");
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("SuccessfulDelete")).Count == 2, "two SuccessfulDelete events");
    }

    [Fact]
    public async Task AdoptsAMatchingOrphanInsteadOfCreating()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.ReplicaSet);
        await h.Client.CreateAsync(Resource.Pods, null, Workloads.Pod(WorkloadHarness.Namespace, "stray", "web"), Ct);
        var rs = await h.Client.CreateAsync(Resource.ReplicaSets, null, Workloads.ReplicaSet(WorkloadHarness.Namespace, "web", 2, "web"), Ct);

        await Eventually.HoldsAsync(async () => (await h.PodsOfAsync(ObjectMeta.Uid(rs)!)).Count == 2, "two pods are owned");
        var stray = await h.GetAsync(Resource.Pods, "stray");
        Assert.Equal(ObjectMeta.Uid(rs), stray["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        Assert.Equal(2, (await h.PodsAsync()).Count);
    }

    [Fact]
    public async Task ReplacesADeletedPod_AndReleasesAPodThatStopsMatching()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.ReplicaSet);
        var rs = await h.Client.CreateAsync(Resource.ReplicaSets, null, Workloads.ReplicaSet(WorkloadHarness.Namespace, "web", 2, "web"), Ct);
        var uid = ObjectMeta.Uid(rs)!;
        await Eventually.HoldsAsync(async () => (await h.PodsOfAsync(uid)).Count == 2, "two pods");
        var first = await h.PodsOfAsync(uid);

        await h.Client.DeleteAsync(Resource.Pods, WorkloadHarness.Namespace, ObjectMeta.Name(first[0])!, null, Ct);
        await Eventually.HoldsAsync(async () =>
        {
            var now = await h.PodsOfAsync(uid);
            return now.Count == 2 && now.All(p => ObjectMeta.Name(p) != ObjectMeta.Name(first[0]));
        }, "the deleted pod is replaced");

        var relabelled = ObjectMeta.Name((await h.PodsOfAsync(uid))[0])!;
        await h.Client.PatchAsync(Resource.Pods, WorkloadHarness.Namespace, relabelled, PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "debug" } } }, null, Ct);
        await Eventually.HoldsAsync(async () =>
        {
            var pod = await h.GetAsync(Resource.Pods, relabelled);
            return pod["metadata"]?["ownerReferences"] is null or JsonArray { Count: 0 } && (await h.PodsOfAsync(uid)).Count == 2;
        }, "the relabelled pod is released and replaced");
    }

    [Fact]
    public async Task MinReadySeconds_DelaysAvailability()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.ReplicaSet);
        await h.Client.CreateAsync(Resource.ReplicaSets, null, Workloads.ReplicaSet(WorkloadHarness.Namespace, "web", 1, "web", minReadySeconds: 2), Ct);
        await Eventually.HoldsAsync(async () => (await h.GetAsync(Resource.ReplicaSets, "web"))["status"]?["readyReplicas"]?.GetValue<int>() == 1, "the pod is ready");
        Assert.Null((await h.GetAsync(Resource.ReplicaSets, "web"))["status"]?["availableReplicas"]);
        await Eventually.HoldsAsync(async () => (await h.GetAsync(Resource.ReplicaSets, "web"))["status"]?["availableReplicas"]?.GetValue<int>() == 1,
            "the pod is available after minReadySeconds", TimeSpan.FromSeconds(10));
    }
}
