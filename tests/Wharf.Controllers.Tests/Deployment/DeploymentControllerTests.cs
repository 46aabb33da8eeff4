using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.PodControl;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.Deployment;

public sealed class DeploymentControllerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Ns = WorkloadHarness.Namespace;

    private static Task<WorkloadHarness> StartAsync() => WorkloadHarness.StartAsync(ControllerNames.Deployment, ControllerNames.ReplicaSet);

    private static async Task<List<JsonObject>> ReplicaSetsAsync(WorkloadHarness h, string deploymentUid)
    {
        var list = await h.Client.ListAsync(Resource.ReplicaSets, Ns, null, Ct);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(rs => OwnerReferences.ControllerOf(rs)?["uid"]?.GetValue<string>() == deploymentUid).ToList();
    }

    private static string? Condition(JsonObject d, string type, string field) =>
        (d["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type)?[field]?.GetValue<string>();

    private static int Int(JsonNode? n) => n?.GetValue<int>() ?? 0;

    /// <summary>What <c>kubectl rollout status</c> waits for.</summary>
    private static bool RolledOut(JsonObject d)
    {
        var s = d["status"];
        var replicas = Int(d["spec"]?["replicas"]);
        return s?["observedGeneration"]?.GetValue<long>() >= d["metadata"]!["generation"]!.GetValue<long>()
               && Int(s?["updatedReplicas"]) == replicas && Int(s?["replicas"]) == replicas && Int(s?["availableReplicas"]) == replicas;
    }

    private static Task SetImageAsync(WorkloadHarness h, string image) =>
        h.Client.PatchAsync(Resource.Deployments, Ns, "web", PatchType.Merge, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = image }) } },
            },
        }, null, Ct);

    [Fact]
    public async Task NewReplicaSet_RevisionAndProgressingCondition_AreOneStatusWrite()
    {
        await using var h = await StartAsync();
        var created = await h.Client.CreateAsync(Resource.Deployments, null, Workloads.Deployment(Ns, "web", 1, "web"), Ct);

        // The first version of the Deployment that carries a revision: upstream writes the condition with it.
        JsonObject? first = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var ev in h.Client.WatchAsync(Resource.Deployments, Ns, new ListOptions { ResourceVersion = ObjectMeta.ResourceVersion(created) }, timeout.Token))
        {
            if (ObjectMeta.Annotation(ev.Object, DeploymentAnnotations.Revision) is null) continue;
            first = ev.Object;
            break;
        }

        Assert.NotNull(first);
        Assert.Equal("1", ObjectMeta.Annotation(first, DeploymentAnnotations.Revision));
        Assert.Equal(DeploymentConditions.NewReplicaSetCreated, Condition(first, DeploymentConditions.Progressing, "reason"));
    }

    [Fact]
    public async Task Create_MakesAHashedReplicaSetWithRevision_AndReportsCompleteStatus()
    {
        await using var h = await StartAsync();
        var d = await h.Client.CreateAsync(Resource.Deployments, null, Workloads.Deployment(Ns, "web", 3, "web"), Ct);
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.Deployments, "web")), "the deployment is rolled out");

        var rs = Assert.Single(await ReplicaSetsAsync(h, ObjectMeta.Uid(d)!));
        var hash = ObjectMeta.Label(rs, PodTemplateHash.Label)!;
        Assert.Equal($"web-{hash}", ObjectMeta.Name(rs));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", hash);
        Assert.Equal(hash, rs["spec"]!["selector"]!["matchLabels"]![PodTemplateHash.Label]!.GetValue<string>());
        Assert.Equal("1", ObjectMeta.Annotation(rs, DeploymentAnnotations.Revision));
        Assert.Equal("3", ObjectMeta.Annotation(rs, DeploymentAnnotations.DesiredReplicas));
        Assert.Equal("4", ObjectMeta.Annotation(rs, DeploymentAnnotations.MaxReplicas));
        Assert.All(await h.PodsOfAsync(ObjectMeta.Uid(rs)!), p => Assert.Equal(hash, ObjectMeta.Label(p, PodTemplateHash.Label)));

        var current = await h.GetAsync(Resource.Deployments, "web");
        Assert.Equal("1", ObjectMeta.Annotation(current, DeploymentAnnotations.Revision));
        Assert.Equal(3, Int(current["status"]!["readyReplicas"]));
        Assert.Null(current["status"]!["unavailableReplicas"]);
        Assert.Equal("MinimumReplicasAvailable", Condition(current, "Available", "reason"));
        await Eventually.HoldsAsync(async () => Condition(await h.GetAsync(Resource.Deployments, "web"), "Progressing", "reason") == "NewReplicaSetAvailable",
            "Progressing reports the new ReplicaSet available");
        Assert.Equal($"ReplicaSet \"web-{hash}\" has successfully progressed.", Condition(await h.GetAsync(Resource.Deployments, "web"), "Progressing", "message"));
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("ScalingReplicaSet")).Any(e => e["message"]!.GetValue<string>() == $"Scaled up replica set web-{hash} from 0 to 3"),
            "the ScalingReplicaSet event is recorded");
    }

    [Theory]
    [InlineData("surge-only", "1", "0")]
    [InlineData("unavailable-only", "0", "1")]
    [InlineData("defaults", "25%", "25%")]
    public async Task RollingUpdate_ReplacesPodsWithinSurgeAndUnavailability(string name, string maxSurge, string maxUnavailable)
    {
        _ = name;
        await using var h = await StartAsync();
        var strategy = new JsonObject
        {
            ["type"] = "RollingUpdate",
            ["rollingUpdate"] = new JsonObject { ["maxSurge"] = IntOrPercent(maxSurge), ["maxUnavailable"] = IntOrPercent(maxUnavailable) },
        };
        var d = await h.Client.CreateAsync(Resource.Deployments, null, Workloads.Deployment(Ns, "web", 4, "web", strategy: strategy), Ct);
        // The first case of the theory also pays for a cold process (JIT of the server and both controllers): under a
        // load of ~100 on 2 cores that alone took longer than the default 15 s. The bounds below do not depend on time.
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.Deployments, "web")), "the first rollout finishes", TimeSpan.FromSeconds(45));
        var surge = RolloutMath.Scaled(maxSurge, 4, roundUp: true);
        var unavailable = RolloutMath.ResolveFenceposts(maxSurge, maxUnavailable, 4).Unavailable;

        await SetImageAsync(h, "nginx:1.28");
        var maxReplicas = 0;
        var minReady = int.MaxValue;
        await Eventually.HoldsAsync(async () =>
        {
            // As upstream, the surge bounds the ReplicaSets' replicas (a scaled-down ReplicaSet's pods may outlive the
            // scale-down for a moment). Pods the kubelet still runs, not yet terminating, that are ready are the
            // available ones (minReadySeconds 0).
            maxReplicas = Math.Max(maxReplicas, (await ReplicaSetsAsync(h, ObjectMeta.Uid(d)!)).Sum(rs => Int(rs["spec"]!["replicas"])));
            var pods = await h.PodsAsync(p => !ObjectMeta.IsBeingDeleted(p));
            minReady = Math.Min(minReady, pods.Count(p => p["status"]?["phase"]?.GetValue<string>() == "Running"));
            var dep = await h.GetAsync(Resource.Deployments, "web");
            return RolledOut(dep) && ObjectMeta.Annotation(dep, DeploymentAnnotations.Revision) == "2";
        }, "the new image is rolled out", TimeSpan.FromSeconds(45));

        Assert.True(maxReplicas <= 4 + surge, $"{maxReplicas} replicas at once with maxSurge {maxSurge}");
        Assert.True(minReady >= 4 - unavailable, $"only {minReady} running with maxUnavailable {maxUnavailable}");
        var sets = await ReplicaSetsAsync(h, ObjectMeta.Uid(d)!);
        Assert.Equal(2, sets.Count);
        var newRs = sets.Single(rs => ObjectMeta.Annotation(rs, DeploymentAnnotations.Revision) == "2");
        Assert.Equal(4, Int(newRs["spec"]!["replicas"]));
        Assert.Equal(0, Int(sets.Single(rs => rs != newRs)["spec"]!["replicas"]));
        Assert.All(await h.PodsAsync(p => !ObjectMeta.IsBeingDeleted(p)), p => Assert.Equal("nginx:1.28", p["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
    }

    private static JsonNode IntOrPercent(string v) => v.EndsWith('%') ? JsonValue.Create(v) : JsonValue.Create(int.Parse(v));

    [Fact]
    public async Task Recreate_RemovesEveryOldPodBeforeStartingNewOnes()
    {
        await using var h = await StartAsync();
        var d = await h.Client.CreateAsync(Resource.Deployments, null,
            Workloads.Deployment(Ns, "web", 3, "web", strategy: new JsonObject { ["type"] = "Recreate" }), Ct);
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.Deployments, "web")), "the first rollout finishes");

        await SetImageAsync(h, "nginx:1.28");
        var mixed = false;
        await Eventually.HoldsAsync(async () =>
        {
            var images = (await h.PodsAsync()).Select(p => p["spec"]!["containers"]![0]!["image"]!.GetValue<string>()).Distinct().Count();
            mixed |= images > 1;
            var dep = await h.GetAsync(Resource.Deployments, "web");
            return RolledOut(dep) && ObjectMeta.Annotation(dep, DeploymentAnnotations.Revision) == "2";
        }, "the recreate finishes", TimeSpan.FromSeconds(20));
        Assert.False(mixed, "old and new pods existed at the same time");
        Assert.Equal(2, (await ReplicaSetsAsync(h, ObjectMeta.Uid(d)!)).Count);
    }

    [Fact]
    public async Task ScalePauseResumeUndoAndHistoryLimit()
    {
        await using var h = await StartAsync();
        var spec = Workloads.Deployment(Ns, "web", 2, "web");
        spec["spec"]!["revisionHistoryLimit"] = 1;
        var d = await h.Client.CreateAsync(Resource.Deployments, null, spec, Ct);
        var uid = ObjectMeta.Uid(d)!;
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.Deployments, "web")), "the first rollout finishes");
        var first = Assert.Single(await ReplicaSetsAsync(h, uid));

        // Scale: the one ReplicaSet follows.
        await h.Client.PatchAsync(Resource.Deployments, Ns, "web", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } }, null, Ct);
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.Deployments, "web")) && (await h.PodsAsync()).Count == 4, "scaled to four");
        Assert.Contains(await h.EventsAsync("ScalingReplicaSet"), e => e["message"]!.GetValue<string>() == $"Scaled up replica set {ObjectMeta.Name(first)} from 2 to 4");

        // Pause: a template change makes no ReplicaSet until resumed.
        await h.Client.PatchAsync(Resource.Deployments, Ns, "web", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["paused"] = true } }, null, Ct);
        await Eventually.HoldsAsync(async () => Condition(await h.GetAsync(Resource.Deployments, "web"), "Progressing", "reason") == "DeploymentPaused", "paused is reported");
        await SetImageAsync(h, "nginx:1.28");
        await Task.Delay(500);
        Assert.Single(await ReplicaSetsAsync(h, uid));
        await h.Client.PatchAsync(Resource.Deployments, Ns, "web", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["paused"] = false } }, null, Ct);
        await Eventually.HoldsAsync(async () =>
        {
            var dep = await h.GetAsync(Resource.Deployments, "web");
            return RolledOut(dep) && ObjectMeta.Annotation(dep, DeploymentAnnotations.Revision) == "2";
        }, "the paused change rolls out after resume", TimeSpan.FromSeconds(20));

        // Undo as kubectl does it: the old template comes back and its ReplicaSet becomes revision 3.
        await SetImageAsync(h, "nginx:1.27");
        await Eventually.HoldsAsync(async () =>
        {
            var dep = await h.GetAsync(Resource.Deployments, "web");
            return RolledOut(dep) && ObjectMeta.Annotation(dep, DeploymentAnnotations.Revision) == "3";
        }, "the undo rolls out", TimeSpan.FromSeconds(20));
        var reused = await h.GetAsync(Resource.ReplicaSets, ObjectMeta.Name(first)!);
        Assert.Equal(ObjectMeta.Uid(first), ObjectMeta.Uid(reused));
        Assert.Equal("3", ObjectMeta.Annotation(reused, DeploymentAnnotations.Revision));
        Assert.Equal("1", ObjectMeta.Annotation(reused, DeploymentAnnotations.RevisionHistory));

        // A third template leaves revisionHistoryLimit=1 old ReplicaSet.
        await SetImageAsync(h, "nginx:1.29");
        await Eventually.HoldsAsync(async () =>
        {
            var dep = await h.GetAsync(Resource.Deployments, "web");
            return RolledOut(dep) && ObjectMeta.Annotation(dep, DeploymentAnnotations.Revision) == "4" && (await ReplicaSetsAsync(h, uid)).Count == 2;
        }, "history is trimmed to one old ReplicaSet", TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(await ReplicaSetsAsync(h, uid), rs => ObjectMeta.Annotation(rs, DeploymentAnnotations.Revision) == "2");
    }

    [Fact]
    public async Task ProgressDeadline_MarksTheRolloutFailed()
    {
        await using var h = await StartAsync();
        h.Kubelet.Holds = pod => pod["spec"]?["containers"]?[0]?["image"]?.GetValue<string>() == "broken";
        var spec = Workloads.Deployment(Ns, "web", 2, "web", image: "broken");
        spec["spec"]!["progressDeadlineSeconds"] = 2;
        await h.Client.CreateAsync(Resource.Deployments, null, spec, Ct);
        await Eventually.HoldsAsync(async () =>
        {
            var dep = await h.GetAsync(Resource.Deployments, "web");
            return Condition(dep, "Progressing", "reason") == "ProgressDeadlineExceeded" && Condition(dep, "Progressing", "status") == "False";
        }, "the deadline passes", TimeSpan.FromSeconds(10));
        var d = await h.GetAsync(Resource.Deployments, "web");
        Assert.Equal("MinimumReplicasUnavailable", Condition(d, "Available", "reason"));
        Assert.Equal(2, Int(d["status"]!["unavailableReplicas"]));
        Assert.Matches("^ReplicaSet \"web-[a-z0-9]+\" has timed out progressing.$", Condition(d, "Progressing", "message"));
    }
}
