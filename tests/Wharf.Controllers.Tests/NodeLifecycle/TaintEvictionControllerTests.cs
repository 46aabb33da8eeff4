using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.NodeLifecycle;
using static Wharf.Controllers.Tests.NodeLifecycle.NodeObjects;

namespace Wharf.Controllers.Tests.NodeLifecycle;

public sealed class TaintEvictionControllerTests
{
    private const string Ns = ControllerHarness.Namespace;

    private const string TolerateDbFor30s = """[{"key":"dedicated","operator":"Exists","effect":"NoExecute","tolerationSeconds":30}]""";

    private static async Task<bool> DeletingAsync(ControllerHarness h, string pod)
    {
        var list = await h.ListAsync(Resource.Pods);
        var found = list.FirstOrDefault(p => p["metadata"]!["name"]!.GetValue<string>() == pod);
        return found is null || found["metadata"]?["deletionTimestamp"] is not null;
    }

    /// <summary>A real change to the pod (a fresh label value), so the controller looks at it again on the moved clock.</summary>
    private static Task TouchAsync(ControllerHarness h, string pod) =>
        h.Client.PatchAsync(Resource.Pods, Ns, pod, PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["touched"] = Guid.NewGuid().ToString("N") } } }, null, CancellationToken.None);

    [Fact]
    public async Task UntoleratedPod_IsEvictedAtOnce_WithTheDisruptionTargetCondition()
    {
        await using var h = await ControllerHarness.StartAsync(c => new TaintEvictionController(c));
        await h.CreateAsync(Resource.Nodes, Node("db", taints: [Taint("dedicated", "NoExecute", "db")], conditions: ["Ready=True"]));
        var created = await h.CreateAsync(Resource.Pods, Pod(Ns, "intolerant", "db"));
        // The API server's DefaultTolerationSeconds admission gave it 300 s for not-ready and unreachable, not for this taint.
        Assert.Equal(["node.kubernetes.io/not-ready:300", "node.kubernetes.io/unreachable:300"], created["spec"]!["tolerations"]!.AsArray()
            .Select(t => $"{t!["key"]!.GetValue<string>()}:{t["tolerationSeconds"]!.GetValue<long>()}"));
        await h.CreateAsync(Resource.Pods, Pod(Ns, "forever", "db", """[{"key":"dedicated","operator":"Exists"}]"""));

        await Eventually.HoldsAsync(() => DeletingAsync(h, "intolerant"), "the intolerant pod is deleted");
        var pod = (await h.ListAsync(Resource.Pods)).FirstOrDefault(p => p["metadata"]!["name"]!.GetValue<string>() == "intolerant");
        if (pod is not null)
        {
            var condition = pod["status"]!["conditions"]!.AsArray().OfType<JsonObject>().Single(c => c["type"]!.GetValue<string>() == "DisruptionTarget");
            Assert.Equal(("True", "DeletionByTaintManager"), (condition["status"]!.GetValue<string>(), condition["reason"]!.GetValue<string>()));
        }
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("TaintManagerEviction", "intolerant")).Any(e =>
            e["message"]!.GetValue<string>() == "Marking for deletion Pod work/intolerant"), "the eviction event is recorded");
        await TouchAsync(h, "forever");
        await Task.Delay(300);
        Assert.False(await DeletingAsync(h, "forever"));
    }

    [Fact]
    public async Task TolerationSeconds_DelaysTheEviction_UntilTheyPass()
    {
        TaintEvictionController controller = null!;
        await using var h = await ControllerHarness.StartAsync(c => controller = new TaintEvictionController(c));
        await h.CreateAsync(Resource.Nodes, Node("db", taints: [Taint("dedicated", "NoExecute", "db")], conditions: ["Ready=True"]));
        await h.CreateAsync(Resource.Pods, Pod(Ns, "patient", "db", TolerateDbFor30s));
        await Eventually.HoldsAsync(() => controller.IsPending("work/patient"), "the eviction counts down");
        Assert.False(await DeletingAsync(h, "patient"));

        h.Time.Offset = TimeSpan.FromSeconds(29);
        await TouchAsync(h, "patient");
        await Task.Delay(300);
        Assert.False(await DeletingAsync(h, "patient"));

        h.Time.Offset = TimeSpan.FromSeconds(31);
        await TouchAsync(h, "patient");
        await Eventually.HoldsAsync(() => DeletingAsync(h, "patient"), "the pod goes once its tolerationSeconds passed");
    }

    [Fact]
    public async Task TaintRemovedInTime_CancelsTheEviction_AndANewTaintStartsAFreshClock()
    {
        TaintEvictionController controller = null!;
        await using var h = await ControllerHarness.StartAsync(c => controller = new TaintEvictionController(c));
        var node = await h.CreateAsync(Resource.Nodes, Node("db", taints: [Taint("dedicated", "NoExecute", "db")], conditions: ["Ready=True"]));
        await h.CreateAsync(Resource.Pods, Pod(Ns, "saved", "db", TolerateDbFor30s));
        await Eventually.HoldsAsync(() => controller.IsPending("work/saved"), "the eviction counts down");

        node["spec"]!["taints"] = new JsonArray();
        node = await h.Client.UpdateAsync(Resource.Nodes, node, CancellationToken.None);
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("TaintManagerEviction", "saved")).Any(e =>
            e["message"]!.GetValue<string>() == "Cancelling deletion of Pod work/saved"), "the eviction is cancelled");

        h.Time.Offset = TimeSpan.FromSeconds(31);
        node["spec"]!["taints"] = new JsonArray(Taint("dedicated", "NoExecute", "db"));
        await h.Client.UpdateAsync(Resource.Nodes, node, CancellationToken.None);
        await Eventually.HoldsAsync(() => controller.IsPending("work/saved"), "a new countdown starts");
        await Task.Delay(300);
        Assert.False(await DeletingAsync(h, "saved"));
    }
}
