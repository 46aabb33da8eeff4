using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Events;
using Wharf.Controllers.DaemonSet;

namespace Wharf.Controllers.Tests.DaemonSet;

public sealed class NodeAssignmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Hash = "new";
    private const string Key = "ns/agent";

    private static V1Pod Pod(string name, string? node, string hash = Hash, string phase = "Running", bool ready = true, int ageMinutes = 10, string? pinnedTo = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            CreationTimestamp = Now.UtcDateTime.AddMinutes(-ageMinutes),
            Labels = new Dictionary<string, string> { [DaemonSetLabels.ControllerRevisionHash] = hash },
        },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Affinity = pinnedTo is null ? null : new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms = [new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [pinnedTo] }] }],
                    },
                },
            },
        },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.UtcDateTime.AddMinutes(-5) }],
        },
    };

    private static JsonObject Ds(JsonObject? strategy = null) => DaemonSetObjects.DaemonSet("ns", "agent", "agent", updateStrategy: strategy);

    private static NodeAssignment NewAssignment() => new(new FailedPodsBackoff(FailedPodsBackoff.DefaultInitial, FailedPodsBackoff.DefaultMax));

    [Fact]
    public void CreatesOnEligibleNodesWithoutPods_AndDeletesFromIneligibleOnes()
    {
        var nodes = new List<JsonObject>
        {
            DaemonSetObjects.Node("empty"),
            DaemonSetObjects.Node("served"),
            DaemonSetObjects.Node("evicting", null, DaemonSetObjects.Taint("evict", "NoExecute")),
            DaemonSetObjects.Node("cordon-like", null, DaemonSetObjects.Taint("dedicated", "NoSchedule")),
        };
        var pods = new Dictionary<string, List<V1Pod>>
        {
            ["served"] = [Pod("a", "served")],
            ["evicting"] = [Pod("b", "evicting")],
            ["cordon-like"] = [Pod("c", "cordon-like")],
        };
        var plan = NewAssignment().Plan(Key, Ds(), nodes, pods, Hash, Now);
        Assert.Equal(["empty"], plan.NodesToCreate);
        Assert.Equal(["b"], plan.PodsToDelete);
    }

    [Fact]
    public void WithoutSurge_KeepsOnlyTheOldestPodOfANode()
    {
        var pods = new Dictionary<string, List<V1Pod>> { ["n"] = [Pod("young", "n", ageMinutes: 1), Pod("old", "n", ageMinutes: 9), Pod("mid", "n", ageMinutes: 5)] };
        var plan = NewAssignment().Plan(Key, Ds(), [DaemonSetObjects.Node("n")], pods, Hash, Now);
        Assert.Equal(["mid", "young"], plan.PodsToDelete);
    }

    [Theory]
    [InlineData("old pod not ready goes", false, false, "old")]
    [InlineData("new pod available replaces the old", true, true, "old")]
    [InlineData("both kept while the new one starts", true, false, "")]
    public void WithSurge_KeepsOneOldAndOneNewUntilTheNewIsAvailable(string name, bool oldReady, bool newReady, string deleted)
    {
        _ = name;
        var pods = new Dictionary<string, List<V1Pod>>
        {
            ["n"] = [Pod("old", "n", hash: "old", ready: oldReady, ageMinutes: 9), Pod("new", "n", ready: newReady, ageMinutes: 1), Pod("extra", "n", hash: "old", ageMinutes: 3)],
        };
        var plan = NewAssignment().Plan(Key, Ds(DaemonSetObjects.Rolling(0, 1)), [DaemonSetObjects.Node("n")], pods, Hash, Now);
        var expected = new List<string> { "extra" };
        if (deleted.Length > 0) expected.Add(deleted);
        Assert.Equal(expected, plan.PodsToDelete);
    }

    [Fact]
    public void FailedPods_AreReplacedWithAWarning_ThenBackedOff()
    {
        var assignment = NewAssignment();
        var ds = Ds();
        var nodes = new List<JsonObject> { DaemonSetObjects.Node("n") };
        var first = assignment.Plan(Key, ds, nodes, new Dictionary<string, List<V1Pod>> { ["n"] = [Pod("crashed", "n", phase: "Failed")] }, Hash, Now);
        Assert.Equal(["crashed"], first.PodsToDelete);
        var (type, reason, message) = Assert.Single(first.Events);
        Assert.Equal((EventTypes.Warning, NodeAssignment.FailedDaemonPodReason), (type, reason));
        Assert.Equal("Found failed daemon pod ns/crashed on node n, will try to kill it", message);

        var again = assignment.Plan(Key, ds, nodes, new Dictionary<string, List<V1Pod>> { ["n"] = [Pod("crashed-2", "n", phase: "Failed")] }, Hash, Now.AddMilliseconds(500));
        Assert.Empty(again.PodsToDelete);
        Assert.Equal(TimeSpan.FromMilliseconds(500), again.RequeueAfter);

        var later = assignment.Plan(Key, ds, nodes, new Dictionary<string, List<V1Pod>> { ["n"] = [Pod("crashed-2", "n", phase: "Failed")] }, Hash, Now.AddSeconds(2));
        Assert.Equal(["crashed-2"], later.PodsToDelete);
    }

    [Fact]
    public void SucceededPods_AreDeleted()
    {
        var plan = NewAssignment().Plan(Key, Ds(), [DaemonSetObjects.Node("n")], new Dictionary<string, List<V1Pod>> { ["n"] = [Pod("done", "n", phase: "Succeeded")] }, Hash, Now);
        Assert.Equal(["done"], plan.PodsToDelete);
        Assert.Equal(NodeAssignment.SucceededDaemonPodReason, Assert.Single(plan.Events).Reason);
    }

    [Fact]
    public void UnscheduledPodsOfNodesThatAreGone_AreDeleted_ScheduledOnesAreLeftToPodGc()
    {
        var pods = new Dictionary<string, List<V1Pod>> { ["gone"] = [Pod("pending", null, pinnedTo: "gone"), Pod("bound", "gone")] };
        var plan = NewAssignment().Plan(Key, Ds(), [], pods, Hash, Now);
        Assert.Equal(["pending"], plan.PodsToDelete);
    }
}
