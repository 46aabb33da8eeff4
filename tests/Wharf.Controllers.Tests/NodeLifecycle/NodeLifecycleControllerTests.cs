using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.NodeLifecycle;
using static Wharf.Controllers.Tests.NodeLifecycle.NodeObjects;

namespace Wharf.Controllers.Tests.NodeLifecycle;

public sealed class NodeLifecycleControllerTests
{
    private const string Ns = ControllerHarness.Namespace;

    private static readonly NodeLifecycleSettings Fast = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60));

    private static Task<ControllerHarness> StartAsync() => ControllerHarness.StartAsync(c => new NodeLifecycleController(c, Fast));

    private static string Now() => Time(DateTimeOffset.UtcNow);

    private static string? ConditionField(JsonObject node, string type, string field) =>
        node["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type)?[field]?.GetValue<string>();

    private static string TaintList(JsonObject node) => string.Join(",", (node["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>()
        .Select(t => $"{t["key"]!.GetValue<string>()}:{t["effect"]!.GetValue<string>()}").Order(StringComparer.Ordinal));

    /// <summary>A Ready node with a lease; its heartbeat is a fixed past time, so any later heartbeat differs.</summary>
    private static async Task CreateHealthyNodeAsync(ControllerHarness h, string name)
    {
        await h.CreateNodeAsync(Node(name, heartbeat: "2026-01-01T00:00:00Z", conditions: ["Ready=True", "MemoryPressure=False", "DiskPressure=False", "PIDPressure=False"]));
        await h.CreateAsync(Resource.Leases, Lease(name, DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'")));
    }

    [Fact]
    public async Task SilentNode_GoesUnknown_GetsTainted_ItsPodsNotReady_ThenRecovers()
    {
        await using var h = await StartAsync();
        await CreateHealthyNodeAsync(h, "lost");
        await h.CreateAsync(Resource.Pods, Pod(Ns, "web", "lost"));
        await h.SetPodStatusAsync("web", "Running", ready: true);
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("RegisteredNode", "lost")).Count > 0, "the controller registers the node");
        await Task.Delay(300); // a few passes see it alive

        h.Time.Offset = TimeSpan.FromSeconds(41);
        // A second node that is alive, so this is not a whole-cluster outage (which would halt NoExecute taints).
        await CreateHealthyNodeAsync(h, "alive");

        await Eventually.HoldsAsync(async () =>
        {
            var node = await h.GetAsync(Resource.Nodes, null, "lost");
            return ConditionField(node, "Ready", "status") == "Unknown"
                && TaintList(node) == "node.kubernetes.io/unreachable:NoExecute,node.kubernetes.io/unreachable:NoSchedule";
        }, "the silent node is Unknown and tainted unreachable");
        var lost = await h.GetAsync(Resource.Nodes, null, "lost");
        Assert.Equal("NodeStatusUnknown", ConditionField(lost, "Ready", "reason"));
        Assert.Equal("Kubelet stopped posting node status.", ConditionField(lost, "Ready", "message"));
        Assert.Equal("Unknown", ConditionField(lost, "MemoryPressure", "status"));
        await Eventually.HoldsAsync(async () => ConditionField(await h.GetAsync(Resource.Pods, Ns, "web"), "Ready", "status") == "False", "its pod is marked not ready");
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("NodeNotReady", "lost")).Count > 0, "a NodeNotReady event is recorded");
        var alive = await h.GetAsync(Resource.Nodes, null, "alive");
        Assert.Equal(("True", ""), (ConditionField(alive, "Ready", "status"), TaintList(alive)));

        // The kubelet comes back and posts Ready with a new heartbeat.
        await h.SetNodeStatusAsync("lost", new JsonObject
        {
            ["conditions"] = new JsonArray(Condition("Ready", "True", Now()), Condition("MemoryPressure", "False", Now()),
                Condition("DiskPressure", "False", Now()), Condition("PIDPressure", "False", Now())),
        });
        await Eventually.HoldsAsync(async () => TaintList(await h.GetAsync(Resource.Nodes, null, "lost")) == "", "the taints go when the node recovers");
    }

    [Fact]
    public async Task WholeClusterDown_GetsNoScheduleTaintsOnly()
    {
        await using var h = await StartAsync();
        await CreateHealthyNodeAsync(h, "only");
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("RegisteredNode", "only")).Count > 0, "the controller registers the node");
        await Task.Delay(300);

        h.Time.Offset = TimeSpan.FromSeconds(41);

        await Eventually.HoldsAsync(async () => TaintList(await h.GetAsync(Resource.Nodes, null, "only")) == "node.kubernetes.io/unreachable:NoSchedule",
            "the only node is unreachable for scheduling but nothing is evicted");
        await Task.Delay(300);
        Assert.Equal("node.kubernetes.io/unreachable:NoSchedule", TaintList(await h.GetAsync(Resource.Nodes, null, "only")));
    }

    [Fact]
    public async Task CordonedOrPressuredNode_GetsItsNoScheduleTaints()
    {
        await using var h = await StartAsync();
        await h.CreateNodeAsync(Node("busy", heartbeat: Now(), unschedulable: true, conditions: ["Ready=True", "DiskPressure=True"]));

        await Eventually.HoldsAsync(async () => TaintList(await h.GetAsync(Resource.Nodes, null, "busy"))
            == "node.kubernetes.io/disk-pressure:NoSchedule,node.kubernetes.io/unschedulable:NoSchedule", "condition taints are set");
    }

    [Fact]
    public async Task NotReadyNodesOfAZone_GetNoExecuteTaints_AtTheEvictionRate()
    {
        await using var h = await StartAsync();
        await CreateHealthyNodeAsync(h, "a");
        await CreateHealthyNodeAsync(h, "b");
        foreach (var name in new[] { "c", "d" })
        {
            await h.CreateNodeAsync(Node(name, heartbeat: Now(), conditions: ["Ready=False", "MemoryPressure=False", "DiskPressure=False", "PIDPressure=False"]));
            await h.CreateAsync(Resource.Leases, Lease(name, DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'")));
        }
        async Task<int> NoExecuteTaintedAsync()
        {
            var count = 0;
            foreach (var name in new[] { "c", "d" })
                if (TaintList(await h.GetAsync(Resource.Nodes, null, name)).Contains("not-ready:NoExecute", StringComparison.Ordinal)) count++;
            return count;
        }

        // 0.1 node/s with a burst of one: the first not-ready node at once, the second ten seconds later.
        await Eventually.HoldsAsync(async () => await NoExecuteTaintedAsync() == 1, "one not-ready node is tainted NoExecute");
        await Task.Delay(500);
        Assert.Equal(1, await NoExecuteTaintedAsync());
        Assert.Equal("node.kubernetes.io/not-ready:NoSchedule", TaintList(await h.GetAsync(Resource.Nodes, null,
            TaintList(await h.GetAsync(Resource.Nodes, null, "c")).Contains("NoExecute", StringComparison.Ordinal) ? "d" : "c")));

        h.Time.Offset = TimeSpan.FromSeconds(11);
        await Eventually.HoldsAsync(async () => await NoExecuteTaintedAsync() == 2, "the second is tainted once the zone's rate allows");
    }
}
