using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Disruption;
using Wharf.Controllers.Tests.NodeLifecycle;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.Disruption;

public sealed class DisruptionControllerTests
{
    private const string Ns = ControllerHarness.Namespace;

    private static JsonObject Budget(string name, string app, string field, JsonNode value) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
            [field] = value,
        },
    };

    private static async Task CreatePodAsync(ControllerHarness h, string name, string app, JsonObject? owner, bool ready)
    {
        var pod = Workloads.Pod(Ns, name, app);
        if (owner is not null)
        {
            pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = ObjectMeta.Name(owner), ["uid"] = ObjectMeta.Uid(owner), ["controller"] = true,
            });
        }
        await h.CreateAsync(Resource.Pods, pod);
        await h.SetPodStatusAsync(name, "Running", ready);
    }

    private static async Task<JsonObject> StatusWhenAsync(ControllerHarness h, string name, Func<JsonObject, bool> holds)
    {
        JsonObject? status = null;
        await Eventually.HoldsAsync(async () =>
        {
            status = (await h.GetAsync(DisruptionResources.PodDisruptionBudgets, Ns, name))["status"] as JsonObject;
            return status is not null && holds(status);
        }, $"the status of {name} settles");
        return status!;
    }

    private static int Int(JsonObject status, string field) => status[field]!.GetValue<int>();

    [Fact]
    public async Task MaxUnavailablePercent_CountsTheControllersScale_AndHonoursDisruptedPods()
    {
        await using var h = await ControllerHarness.StartAsync(c => new DisruptionController(c));
        var rs = await h.CreateAsync(Resource.ReplicaSets, Workloads.ReplicaSet(Ns, "web", 4, "web"));
        await CreatePodAsync(h, "web-1", "web", rs, ready: true);
        await CreatePodAsync(h, "web-2", "web", rs, ready: true);
        await CreatePodAsync(h, "web-3", "web", rs, ready: false);
        await h.CreateAsync(DisruptionResources.PodDisruptionBudgets, Budget("web", "web", "maxUnavailable", "34%"));

        // 4 expected (the ReplicaSet's scale), 34% of 4 rounds up to 2 unavailable: 2 must stay healthy, 2 are.
        var status = await StatusWhenAsync(h, "web", s => s["expectedPods"]?.GetValue<int>() == 4 && s["currentHealthy"]?.GetValue<int>() == 2);
        Assert.Equal((2, 0), (Int(status, "desiredHealthy"), Int(status, "disruptionsAllowed")));
        Assert.Equal("InsufficientPods", status["conditions"]![0]!["reason"]!.GetValue<string>());

        await h.SetPodStatusAsync("web-3", "Running", ready: true);
        status = await StatusWhenAsync(h, "web", s => s["disruptionsAllowed"]?.GetValue<int>() == 1);
        var budget = await h.GetAsync(DisruptionResources.PodDisruptionBudgets, Ns, "web");
        Assert.Equal(budget["metadata"]!["generation"]!.GetValue<long>(), status["observedGeneration"]!.GetValue<long>());
        Assert.Equal(("True", "SufficientPods"), (status["conditions"]![0]!["status"]!.GetValue<string>(), status["conditions"]![0]!["reason"]!.GetValue<string>()));

        // What the eviction endpoint writes: one disruption used, the pod recorded; it no longer counts as healthy.
        budget["status"]!["disruptionsAllowed"] = 0;
        budget["status"]!["disruptedPods"] = new JsonObject { ["web-1"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") };
        await h.Client.UpdateStatusAsync(DisruptionResources.PodDisruptionBudgets, budget, CancellationToken.None);
        status = await StatusWhenAsync(h, "web", s => s["currentHealthy"]?.GetValue<int>() == 2);
        Assert.Equal(0, Int(status, "disruptionsAllowed"));
        Assert.NotNull(status["disruptedPods"]?["web-1"]);
    }

    [Fact]
    public async Task MinAvailableInteger_CountsMatchingPods()
    {
        await using var h = await ControllerHarness.StartAsync(c => new DisruptionController(c));
        await CreatePodAsync(h, "solo-1", "solo", null, ready: true);
        await CreatePodAsync(h, "solo-2", "solo", null, ready: true);
        await h.CreateAsync(DisruptionResources.PodDisruptionBudgets, Budget("solo", "solo", "minAvailable", 1));

        // The budget may be synced before the informer saw the second pod turn ready: wait for the pass that did.
        var status = await StatusWhenAsync(h, "solo", s => s["expectedPods"]?.GetValue<int>() == 2 && s["currentHealthy"]?.GetValue<int>() == 2);
        Assert.Equal((1, 2, 1), (Int(status, "desiredHealthy"), Int(status, "currentHealthy"), Int(status, "disruptionsAllowed")));
    }

    [Fact]
    public async Task PercentOverPodsWithoutController_FailsSafe()
    {
        await using var h = await ControllerHarness.StartAsync(c => new DisruptionController(c));
        await CreatePodAsync(h, "stray", "stray", null, ready: true);
        await h.CreateAsync(DisruptionResources.PodDisruptionBudgets, Budget("stray", "stray", "minAvailable", "50%"));

        var status = await StatusWhenAsync(h, "stray", s => s["conditions"] is JsonArray { Count: > 0 });
        Assert.Equal(0, Int(status, "disruptionsAllowed"));
        Assert.Equal(("False", "SyncFailed"), (status["conditions"]![0]!["status"]!.GetValue<string>(), status["conditions"]![0]!["reason"]!.GetValue<string>()));
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("NoControllerRef", "stray")).Count > 0, "a NoControllerRef event is recorded");
    }

    [Fact]
    public async Task DeploymentPods_CountTheDeploymentsScale_ThroughTheManager()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.Deployment, ControllerNames.ReplicaSet, ControllerNames.Disruption);
        await h.Client.CreateAsync(Resource.Deployments, null, Workloads.Deployment(WorkloadHarness.Namespace, "api", 4, "api"), CancellationToken.None);
        var budget = Budget("api", "api", "minAvailable", "50%");
        budget["metadata"]!["namespace"] = WorkloadHarness.Namespace;
        await h.Client.CreateAsync(DisruptionResources.PodDisruptionBudgets, null, budget, CancellationToken.None);

        await Eventually.HoldsAsync(async () =>
        {
            var status = (await h.GetAsync(DisruptionResources.PodDisruptionBudgets, "api"))["status"] as JsonObject;
            return status?["expectedPods"]?.GetValue<int>() == 4 && status["desiredHealthy"]?.GetValue<int>() == 2
                && status["currentHealthy"]?.GetValue<int>() == 4 && status["disruptionsAllowed"]?.GetValue<int>() == 2;
        }, "the budget counts the Deployment's 4 replicas, 2 of which may go");
    }
}
