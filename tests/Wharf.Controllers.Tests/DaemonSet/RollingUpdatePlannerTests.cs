using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Controllers.DaemonSet;

namespace Wharf.Controllers.Tests.DaemonSet;

public sealed class RollingUpdatePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Hash = "new";

    private static V1Pod Pod(string name, string node, string hash, bool ready, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            CreationTimestamp = Now.UtcDateTime.AddMinutes(-10),
            DeletionTimestamp = deleting ? Now.UtcDateTime : null,
            Labels = new Dictionary<string, string> { [DaemonSetLabels.ControllerRevisionHash] = hash },
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = "Running",
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.UtcDateTime.AddMinutes(-5) }],
        },
    };

    private static (JsonObject Ds, List<JsonObject> Nodes) Cluster(int nodes, JsonNode maxUnavailable, JsonNode maxSurge) =>
        (DaemonSetObjects.DaemonSet("ns", "agent", "agent", updateStrategy: DaemonSetObjects.Rolling(maxUnavailable, maxSurge)),
         Enumerable.Range(0, nodes).Select(i => DaemonSetObjects.Node($"n{i}")).ToList());

    private static Dictionary<string, List<V1Pod>> OldEverywhere(int nodes) =>
        Enumerable.Range(0, nodes).ToDictionary(i => $"n{i}", i => new List<V1Pod> { Pod($"old-{i}", $"n{i}", "old", ready: true) });

    [Theory]
    [InlineData("one", 1, 1)]
    [InlineData("two", 2, 2)]
    [InlineData("percent rounds up", "30%", 2)]
    [InlineData("more than nodes", 10, 5)]
    public void Unavailable_DeletesAtMostMaxUnavailableReadyOldPods(string name, object maxUnavailable, int expected)
    {
        _ = name;
        var (ds, nodes) = Cluster(5, maxUnavailable is int i ? JsonValue.Create(i) : JsonValue.Create((string)maxUnavailable), 0);
        var plan = RollingUpdatePlanner.Plan(ds, nodes, OldEverywhere(5), Hash, null, Now);
        Assert.Equal(expected, plan.PodsToDelete.Count);
        Assert.Empty(plan.NodesToCreate);
    }

    [Fact]
    public void Unavailable_CountsNodesStillWaitingForTheirNewPod()
    {
        var (ds, nodes) = Cluster(4, 2, 0);
        var pods = OldEverywhere(4);
        pods["n0"] = [Pod("new-0", "n0", Hash, ready: false)];
        pods["n1"] = [];
        var plan = RollingUpdatePlanner.Plan(ds, nodes, pods, Hash, null, Now);
        Assert.Empty(plan.PodsToDelete);
    }

    [Fact]
    public void Unavailable_ReplacesOldPodsThatAreNotAvailableRegardlessOfTheLimit()
    {
        var (ds, nodes) = Cluster(3, 1, 0);
        var pods = OldEverywhere(3);
        pods["n0"] = [Pod("old-0", "n0", "old", ready: false)];
        pods["n1"] = [Pod("old-1", "n1", "old", ready: false)];
        var plan = RollingUpdatePlanner.Plan(ds, nodes, pods, Hash, null, Now);
        Assert.Equal(["old-0", "old-1"], plan.PodsToDelete);
    }

    [Theory]
    [InlineData("one", 1, 1)]
    [InlineData("percent", "50%", 2)]
    public void Surge_StartsNewPodsBesideOldOnesUpToMaxSurge(string name, object maxSurge, int expected)
    {
        _ = name;
        var (ds, nodes) = Cluster(4, 0, maxSurge is int i ? JsonValue.Create(i) : JsonValue.Create((string)maxSurge));
        var plan = RollingUpdatePlanner.Plan(ds, nodes, OldEverywhere(4), Hash, null, Now);
        Assert.Equal(expected, plan.NodesToCreate.Count);
        Assert.Empty(plan.PodsToDelete);
    }

    [Fact]
    public void Surge_DeletesTheOldPodOnceTheNewOneIsAvailable_AndWaitsWhileItIsNot()
    {
        var (ds, nodes) = Cluster(3, 0, 1);
        var pods = OldEverywhere(3);
        pods["n0"].Add(Pod("new-0", "n0", Hash, ready: true));
        pods["n1"].Add(Pod("new-1", "n1", Hash, ready: false));
        var plan = RollingUpdatePlanner.Plan(ds, nodes, pods, Hash, null, Now);
        Assert.Equal(["old-0"], plan.PodsToDelete);
        // n1 still surging uses the one allowed surge: n2 must wait.
        Assert.Empty(plan.NodesToCreate);
    }

    [Fact]
    public void Surge_ReplacesUnavailableOldPodsBeyondTheSurge()
    {
        var (ds, nodes) = Cluster(3, 0, 1);
        var pods = OldEverywhere(3);
        pods["n1"] = [Pod("old-1", "n1", "old", ready: false)];
        pods["n2"] = [Pod("old-2", "n2", "old", ready: false)];
        var plan = RollingUpdatePlanner.Plan(ds, nodes, pods, Hash, null, Now);
        Assert.Equal(["n1", "n2", "n0"], plan.NodesToCreate);
    }

    [Fact]
    public void BothLimitsZero_StillAllowsOneUnavailable()
    {
        var (ds, nodes) = Cluster(3, 0, 0);
        var plan = RollingUpdatePlanner.Plan(ds, nodes, OldEverywhere(3), Hash, null, Now);
        Assert.Single(plan.PodsToDelete);
    }

    [Fact]
    public void TemplateGenerationLabel_CountsAsUpdated()
    {
        var (ds, nodes) = Cluster(1, 1, 0);
        var pod = Pod("p", "n0", "other", ready: true);
        pod.Metadata.Labels[DaemonSetLabels.PodTemplateGeneration] = "4";
        var pods = new Dictionary<string, List<V1Pod>> { ["n0"] = [pod] };
        Assert.Empty(RollingUpdatePlanner.Plan(ds, nodes, pods, Hash, 4, Now).PodsToDelete);
        Assert.Single(RollingUpdatePlanner.Plan(ds, nodes, pods, Hash, 5, Now).PodsToDelete);
    }
}
