using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.DaemonSet;
using Wharf.Controllers.History;
using Wharf.Controllers.PodControl;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.DaemonSet;

public sealed class DaemonSetControllerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Ns = WorkloadHarness.Namespace;

    private static async Task<WorkloadHarness> StartAsync(params JsonObject[] nodes)
    {
        var h = await WorkloadHarness.StartAsync(ControllerNames.DaemonSet);
        foreach (var node in nodes) await h.Client.CreateAsync(Resource.Nodes, null, node, Ct);
        return h;
    }

    private static JsonObject[] Nodes(int count) => Enumerable.Range(0, count).Select(i => DaemonSetObjects.Node($"node-{i}")).ToArray();

    private static string? NodeOf(JsonObject pod) =>
        pod["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]?[0]?["matchFields"]?[0]?["values"]?[0]?.GetValue<string>();

    private static async Task<List<JsonObject>> LivePodsAsync(WorkloadHarness h) => await h.PodsAsync(p => !ObjectMeta.IsBeingDeleted(p));

    private static int Int(JsonNode? n) => n?.GetValue<int>() ?? 0;

    private static string Image(JsonObject pod) => pod["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    /// <summary>What <c>kubectl rollout status daemonset</c> waits for.</summary>
    private static bool RolledOut(JsonObject ds)
    {
        var s = ds["status"];
        var desired = Int(s?["desiredNumberScheduled"]);
        return (s?["observedGeneration"]?.GetValue<long>() ?? 0) >= ds["metadata"]!["generation"]!.GetValue<long>()
               && Int(s?["updatedNumberScheduled"]) >= desired && Int(s?["numberAvailable"]) >= desired;
    }

    private static async Task<bool> OnePodPerNodeAsync(WorkloadHarness h, params string[] nodes)
    {
        var pods = await LivePodsAsync(h);
        return pods.Count == nodes.Length && pods.Select(NodeOf).Order().SequenceEqual(nodes.Order())
               && pods.All(p => p["status"]?["phase"]?.GetValue<string>() == "Running");
    }

    private static Task SetImageAsync(WorkloadHarness h, string image) =>
        h.Client.PatchAsync(Resource.DaemonSets, Ns, "agent", PatchType.Merge, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = image }) } },
            },
        }, null, Ct);

    private static async Task<List<JsonObject>> RevisionsAsync(WorkloadHarness h, string uid)
    {
        var list = await h.Client.ListAsync(ControllerRevisions.Resource, Ns, null, Ct);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(r => OwnerReferences.ControllerOf(r)?["uid"]?.GetValue<string>() == uid).ToList();
    }

    [Fact]
    public async Task RunsOnePodPerEligibleNode_PinnedByNodeAffinity_AndReportsStatus()
    {
        await using var h = await StartAsync(
            DaemonSetObjects.Node("node-0"),
            DaemonSetObjects.Node("node-1"),
            DaemonSetObjects.Node("tainted", null, DaemonSetObjects.Taint("dedicated", "NoSchedule", "db")),
            DaemonSetObjects.Node("cordoned", null, DaemonSetObjects.Taint(DaemonPodTemplate.UnschedulableTaint, "NoSchedule")));
        var ds = await h.Client.CreateAsync(Resource.DaemonSets, null, DaemonSetObjects.DaemonSet(Ns, "agent", "agent"), Ct);

        await Eventually.HoldsAsync(() => OnePodPerNodeAsync(h, "node-0", "node-1", "cordoned"), "one running pod on each eligible node");
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.DaemonSets, "agent")), "the status reports the rollout done");

        var status = (await h.GetAsync(Resource.DaemonSets, "agent"))["status"]!;
        Assert.Equal(3, Int(status["desiredNumberScheduled"]));
        Assert.Equal(3, Int(status["currentNumberScheduled"]));
        Assert.Equal(0, Int(status["numberMisscheduled"]));
        Assert.Equal(3, Int(status["numberReady"]));
        Assert.Equal(3, Int(status["numberAvailable"]));
        Assert.Equal(3, Int(status["updatedNumberScheduled"]));
        Assert.Null(status["numberUnavailable"]);

        var revision = Assert.Single(await RevisionsAsync(h, ObjectMeta.Uid(ds)!));
        var hash = ObjectMeta.Label(revision, DaemonSetLabels.ControllerRevisionHash)!;
        Assert.Equal(1, revision["revision"]!.GetValue<long>());
        Assert.Equal("replace", revision["data"]!["spec"]!["template"]!["$patch"]!.GetValue<string>());
        Assert.Equal("nginx:1.27", revision["data"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        foreach (var pod in await LivePodsAsync(h))
        {
            Assert.Null(pod["spec"]!["nodeName"]);
            Assert.Equal(hash, ObjectMeta.Label(pod, DaemonSetLabels.ControllerRevisionHash));
            Assert.Equal("1", ObjectMeta.Label(pod, DaemonSetLabels.PodTemplateGeneration));
            Assert.StartsWith("agent-", ObjectMeta.Name(pod));
            Assert.Contains(pod["spec"]!["tolerations"]!.AsArray(), t => t!["key"]!.GetValue<string>() == DaemonPodTemplate.UnreachableTaint && t["tolerationSeconds"] is null);
        }
        // Expectations hold back further passes until the creations are seen: never a fourth pod.
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("SuccessfulCreate")).Count == 3, "three SuccessfulCreate events");
        await Task.Delay(300);
        Assert.Equal(3, (await h.EventsAsync("SuccessfulCreate")).Count);
        Assert.Equal(3, (await h.PodsAsync()).Count);
    }

    [Fact]
    public async Task FollowsNodes_AddedNodesGetAPod_NodesThatStopMatchingLoseIt()
    {
        await using var h = await StartAsync(
            DaemonSetObjects.Node("node-0", new JsonObject { ["role"] = "edge" }),
            DaemonSetObjects.Node("node-1", new JsonObject { ["role"] = "core" }));
        var spec = DaemonSetObjects.DaemonSet(Ns, "agent", "agent");
        spec["spec"]!["template"]!["spec"]!["nodeSelector"] = new JsonObject { ["role"] = "edge" };
        await h.Client.CreateAsync(Resource.DaemonSets, null, spec, Ct);
        await Eventually.HoldsAsync(() => OnePodPerNodeAsync(h, "node-0"), "a pod on the edge node only");

        await h.Client.CreateAsync(Resource.Nodes, null, DaemonSetObjects.Node("node-2", new JsonObject { ["role"] = "edge" }), Ct);
        await Eventually.HoldsAsync(() => OnePodPerNodeAsync(h, "node-0", "node-2"), "the added edge node gets a pod");

        await h.Client.PatchAsync(Resource.Nodes, null, "node-0", PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["role"] = "core" } } }, null, Ct);
        await h.Client.PatchAsync(Resource.Nodes, null, "node-1", PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["role"] = "edge" } } }, null, Ct);
        await Eventually.HoldsAsync(() => OnePodPerNodeAsync(h, "node-1", "node-2"), "the pod moves with the label");
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("SuccessfulDelete")).Count >= 1, "the removal is recorded");

        // A NoExecute taint the pod does not tolerate removes it too.
        await h.Client.PatchAsync(Resource.Nodes, null, "node-2", PatchType.Merge,
            new JsonObject { ["spec"] = new JsonObject { ["taints"] = new JsonArray(DaemonSetObjects.Taint("evict", "NoExecute")) } }, null, Ct);
        await Eventually.HoldsAsync(() => OnePodPerNodeAsync(h, "node-1"), "the NoExecute taint evicts the daemon pod");
        await Eventually.HoldsAsync(async () =>
        {
            var status = (await h.GetAsync(Resource.DaemonSets, "agent"))["status"]!;
            return Int(status["desiredNumberScheduled"]) == 1 && Int(status["currentNumberScheduled"]) == 1 && Int(status["numberMisscheduled"]) == 0;
        }, "the status counts one node");
    }

    [Theory]
    [InlineData("one at a time", 1)]
    [InlineData("two at a time", 2)]
    public async Task RollingUpdate_WithMaxUnavailable_NeverTakesMoreNodesDown(string name, int maxUnavailable)
    {
        _ = name;
        await using var h = await StartAsync(Nodes(4));
        var ds = await h.Client.CreateAsync(Resource.DaemonSets, null,
            DaemonSetObjects.DaemonSet(Ns, "agent", "agent", updateStrategy: DaemonSetObjects.Rolling(maxUnavailable, 0)), Ct);
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.DaemonSets, "agent")) && await OnePodPerNodeAsync(h, "node-0", "node-1", "node-2", "node-3"),
            "the first rollout finishes");

        await SetImageAsync(h, "nginx:1.28");
        var minRunning = int.MaxValue;
        var maxPerNode = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var pods = await LivePodsAsync(h);
            minRunning = Math.Min(minRunning, pods.Count(p => p["status"]?["phase"]?.GetValue<string>() == "Running"));
            maxPerNode = Math.Max(maxPerNode, pods.GroupBy(NodeOf).Select(g => g.Count()).DefaultIfEmpty(0).Max());
            var current = await h.GetAsync(Resource.DaemonSets, "agent");
            return RolledOut(current) && pods.Count == 4 && pods.All(p => Image(p) == "nginx:1.28");
        }, "the new image is rolled out", TimeSpan.FromSeconds(30));

        Assert.True(minRunning >= 4 - maxUnavailable, $"only {minRunning} pods running with maxUnavailable {maxUnavailable}");
        Assert.Equal(1, maxPerNode);
        var revisions = await RevisionsAsync(h, ObjectMeta.Uid(ds)!);
        Assert.Equal([1L, 2L], revisions.Select(r => r["revision"]!.GetValue<long>()).Order());
    }

    [Fact]
    public async Task RollingUpdate_WithMaxSurge_StartsTheNewPodBeforeTheOldOneGoes()
    {
        await using var h = await StartAsync(Nodes(3));
        await h.Client.CreateAsync(Resource.DaemonSets, null,
            DaemonSetObjects.DaemonSet(Ns, "agent", "agent", updateStrategy: DaemonSetObjects.Rolling(0, 1)), Ct);
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.DaemonSets, "agent")) && await OnePodPerNodeAsync(h, "node-0", "node-1", "node-2"),
            "the first rollout finishes");

        // Every pod change is watched, not sampled: the surge pod may live only for one poll interval. The watch itself
        // says when the rollout is done, so that no event is cut off by a reader that is ahead of it.
        var podList = await h.Client.ListAsync(Resource.Pods, Ns, null, Ct);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var observed = ObserveRolloutAsync(h, podList, "nginx:1.28", giveUp.Token);

        await SetImageAsync(h, "nginx:1.28");
        var (minRunning, maxPods, trace) = await observed;
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.DaemonSets, "agent")), "the status reports the rollout done");

        // Old pods count while they run: surge promises no node goes without a running pod.
        Assert.True(minRunning == 3, $"only {minRunning} nodes with a running pod at one point: {trace}");
        Assert.True(maxPods <= 4, $"{maxPods} pods at once with maxSurge 1: {trace}");
        Assert.True(maxPods == 4, $"the update never surged: {trace}");
    }

    /// <summary>
    /// Replays the pod watch from the list's revision until every live pod runs <paramref name="image"/>, one per
    /// node: the fewest nodes with a running live pod and the most live pods at any revision, and what was seen.
    /// </summary>
    private static async Task<(int MinRunningNodes, int MaxLivePods, string Trace)> ObserveRolloutAsync(
        WorkloadHarness h, JsonObject list, string image, CancellationToken ct)
    {
        var live = (list["items"] as JsonArray ?? []).OfType<JsonObject>().Where(p => !ObjectMeta.IsBeingDeleted(p))
            .ToDictionary(p => ObjectMeta.Uid(p)!);
        var nodes = live.Count;
        var minRunning = RunningNodes(live.Values);
        var maxPods = live.Count;
        var trace = new List<string>();
        try
        {
            await foreach (var ev in h.Client.WatchAsync(Resource.Pods, Ns, new ListOptions { ResourceVersion = ObjectMeta.ResourceVersion(list) }, ct))
            {
                if (ev.Type is WatchEventType.Bookmark) continue;
                if (ev.Type is WatchEventType.Error) throw new InvalidOperationException($"the pod watch failed: {ev.Object.ToJsonString()}");
                var pod = ev.Object;
                var uid = ObjectMeta.Uid(pod)!;
                var terminating = ObjectMeta.IsBeingDeleted(pod);
                if (ev.Type == WatchEventType.Deleted || terminating) live.Remove(uid);
                else live[uid] = pod;
                minRunning = Math.Min(minRunning, RunningNodes(live.Values));
                maxPods = Math.Max(maxPods, live.Count);
                trace.Add($"{ev.Type} {NodeOf(pod)} {Image(pod)} {pod["status"]?["phase"]}{(terminating ? " terminating" : "")} → {live.Count} live");
                if (live.Count == nodes && RunningNodes(live.Values) == nodes && live.Values.All(p => Image(p) == image)) break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw new TimeoutException($"the rollout was not seen done in the pod watch: {string.Join("; ", trace)}");
        }
        return (minRunning, maxPods, string.Join("; ", trace));

        static int RunningNodes(IEnumerable<JsonObject> pods) =>
            pods.Where(p => p["status"]?["phase"]?.GetValue<string>() == "Running").Select(NodeOf).Distinct().Count();
    }

    [Fact]
    public async Task OnDelete_ReplacesOnlyPodsTheUserDeletes()
    {
        await using var h = await StartAsync(Nodes(2));
        await h.Client.CreateAsync(Resource.DaemonSets, null,
            DaemonSetObjects.DaemonSet(Ns, "agent", "agent", updateStrategy: new JsonObject { ["type"] = "OnDelete" }), Ct);
        await Eventually.HoldsAsync(() => OnePodPerNodeAsync(h, "node-0", "node-1"), "pods on both nodes");

        await SetImageAsync(h, "nginx:1.28");
        await Eventually.HoldsAsync(async () =>
        {
            var s = (await h.GetAsync(Resource.DaemonSets, "agent"))["status"]!;
            return (s["observedGeneration"]?.GetValue<long>() ?? 0) == 2 && Int(s["updatedNumberScheduled"]) == 0;
        }, "the new generation is observed with no pod updated");
        await Task.Delay(300);
        Assert.All(await LivePodsAsync(h), p => Assert.Equal("nginx:1.27", Image(p)));

        var victim = (await LivePodsAsync(h)).Single(p => NodeOf(p) == "node-0");
        await h.Client.DeleteAsync(Resource.Pods, Ns, ObjectMeta.Name(victim)!, null, Ct);
        await Eventually.HoldsAsync(async () =>
        {
            // One snapshot for the images: between the delete and the new pod, node-0 has none (Single threw there).
            var pods = await LivePodsAsync(h);
            return await OnePodPerNodeAsync(h, "node-0", "node-1")
                   && pods.Where(p => NodeOf(p) == "node-0").Select(Image).ToList() is ["nginx:1.28"]
                   && pods.Where(p => NodeOf(p) == "node-1").Select(Image).ToList() is ["nginx:1.27"];
        }, "only the deleted pod comes back with the new template");
        await Eventually.HoldsAsync(async () => Int((await h.GetAsync(Resource.DaemonSets, "agent"))["status"]!["updatedNumberScheduled"]) == 1,
            "one pod counts as updated");
    }

    [Fact]
    public async Task FailedPod_IsDeletedAndRecreated_WithAnEvent()
    {
        await using var h = await StartAsync(Nodes(1));
        await h.Client.CreateAsync(Resource.DaemonSets, null, DaemonSetObjects.DaemonSet(Ns, "agent", "agent"), Ct);
        await Eventually.HoldsAsync(() => OnePodPerNodeAsync(h, "node-0"), "a running pod");
        var first = Assert.Single(await LivePodsAsync(h));

        await PodOutcomes.FailAsync(h.Client, first);
        await Eventually.HoldsAsync(async () =>
        {
            var pods = await LivePodsAsync(h);
            return pods.Count == 1 && ObjectMeta.Name(pods[0]) != ObjectMeta.Name(first) && pods[0]["status"]?["phase"]?.GetValue<string>() == "Running";
        }, "the failed pod is replaced");
        var warning = Assert.Single(await h.EventsAsync(NodeAssignment.FailedDaemonPodReason));
        Assert.Equal($"Found failed daemon pod {Ns}/{ObjectMeta.Name(first)} on node node-0, will try to kill it", warning["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Undo_AppliesAnOldRevisionAndRenumbersIt_AndHistoryIsTrimmed()
    {
        await using var h = await StartAsync(Nodes(1));
        var spec = DaemonSetObjects.DaemonSet(Ns, "agent", "agent");
        spec["spec"]!["revisionHistoryLimit"] = 1;
        var ds = await h.Client.CreateAsync(Resource.DaemonSets, null, spec, Ct);
        var uid = ObjectMeta.Uid(ds)!;
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.DaemonSets, "agent")), "the first rollout finishes");
        var first = Assert.Single(await RevisionsAsync(h, uid));

        await SetImageAsync(h, "nginx:1.28");
        await Eventually.HoldsAsync(async () => RolledOut(await h.GetAsync(Resource.DaemonSets, "agent")) && (await RevisionsAsync(h, uid)).Count == 2,
            "the second revision rolls out");

        // What kubectl rollout undo sends: the old revision's data as a strategic merge patch.
        await h.Client.PatchAsync(Resource.DaemonSets, Ns, "agent", PatchType.StrategicMerge, first["data"]!.DeepClone(), null, Ct);
        await Eventually.HoldsAsync(async () =>
        {
            var revisions = await RevisionsAsync(h, uid);
            var pods = await LivePodsAsync(h);
            return RolledOut(await h.GetAsync(Resource.DaemonSets, "agent"))
                   && revisions.Any(r => ObjectMeta.Name(r) == ObjectMeta.Name(first) && r["revision"]!.GetValue<long>() == 3)
                   && pods.Count == 1 && Image(pods[0]) == "nginx:1.27";
        }, "the first revision comes back as revision 3", TimeSpan.FromSeconds(30));

        await SetImageAsync(h, "nginx:1.29");
        await Eventually.HoldsAsync(async () =>
        {
            var revisions = await RevisionsAsync(h, uid);
            return RolledOut(await h.GetAsync(Resource.DaemonSets, "agent")) && revisions.Count == 2
                   && revisions.Select(r => r["revision"]!.GetValue<long>()).Order().SequenceEqual([3L, 4L]);
        }, "revisionHistoryLimit 1 keeps one old revision", TimeSpan.FromSeconds(30));
    }
}
