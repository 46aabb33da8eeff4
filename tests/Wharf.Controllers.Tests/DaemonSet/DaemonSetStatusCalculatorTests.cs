using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Controllers.DaemonSet;

namespace Wharf.Controllers.Tests.DaemonSet;

public sealed class DaemonSetStatusCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static V1Pod Pod(string name, string node, string hash, bool ready, int readyForSeconds = 600) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            CreationTimestamp = Now.UtcDateTime.AddHours(-1),
            Labels = new Dictionary<string, string> { [DaemonSetLabels.ControllerRevisionHash] = hash },
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = "Running",
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.UtcDateTime.AddSeconds(-readyForSeconds) }],
        },
    };

    private static JsonObject Ds(int minReadySeconds = 0)
    {
        var ds = DaemonSetObjects.DaemonSet("ns", "agent", "agent");
        ds["metadata"]!["generation"] = 3;
        ds["spec"]!["minReadySeconds"] = minReadySeconds;
        ds["spec"]!["template"]!["spec"]!["nodeSelector"] = new JsonObject { ["run"] = "yes" };
        ds["status"] = new JsonObject { ["observedGeneration"] = 2, ["collisionCount"] = 1 };
        return ds;
    }

    private static JsonObject Node(string name, bool eligible) => DaemonSetObjects.Node(name, new JsonObject { ["run"] = eligible ? "yes" : "no" });

    private static readonly List<JsonObject> Nodes = [Node("a", true), Node("b", true), Node("c", true), Node("d", true), Node("x", false)];

    private static readonly Dictionary<string, List<V1Pod>> Pods = new()
    {
        ["a"] = [Pod("a1", "a", "new", ready: true)],
        ["b"] = [Pod("b1", "b", "old", ready: true, readyForSeconds: 5)],
        ["c"] = [Pod("c1", "c", "new", ready: false)],
        ["x"] = [Pod("x1", "x", "new", ready: true)],
    };

    [Theory]
    [InlineData("no minReadySeconds", 0, 2)]
    [InlineData("minReadySeconds holds back a pod ready for 5s", 30, 1)]
    public void CountsPerNode(string name, int minReadySeconds, int available)
    {
        _ = name;
        var status = DaemonSetStatusCalculator.Calculate(Ds(minReadySeconds), Nodes, Pods, "new", null, observe: true, Now);
        Assert.Equal(4, status["desiredNumberScheduled"]!.GetValue<int>());
        Assert.Equal(3, status["currentNumberScheduled"]!.GetValue<int>());
        Assert.Equal(1, status["numberMisscheduled"]!.GetValue<int>());
        Assert.Equal(2, status["numberReady"]!.GetValue<int>());
        Assert.Equal(2, status["updatedNumberScheduled"]!.GetValue<int>());
        Assert.Equal(available, status["numberAvailable"]!.GetValue<int>());
        Assert.Equal(4 - available, status["numberUnavailable"]!.GetValue<int>());
        Assert.Equal(3, status["observedGeneration"]!.GetValue<long>());
        Assert.Equal(1, status["collisionCount"]!.GetValue<int>());
    }

    [Fact]
    public void WithPendingExpectations_ObservedGenerationStays_AndZeroCountsAreOmittedOrZero()
    {
        var status = DaemonSetStatusCalculator.Calculate(Ds(), Nodes, new Dictionary<string, List<V1Pod>>(), "new", null, observe: false, Now);
        Assert.Equal(2, status["observedGeneration"]!.GetValue<long>());
        Assert.Equal(0, status["numberReady"]!.GetValue<int>());
        Assert.Null(status["numberAvailable"]);
        Assert.Null(status["updatedNumberScheduled"]);
        Assert.Equal(4, status["numberUnavailable"]!.GetValue<int>());
    }
}
