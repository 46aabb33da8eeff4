using System.Text.Json.Nodes;
using Wharf.Controllers.NodeLifecycle;
using static Wharf.Controllers.Tests.NodeLifecycle.NodeObjects;

namespace Wharf.Controllers.Tests.NodeLifecycle;

public sealed class NodeTaintPlannerTests
{
    private static string Describe(JsonArray? taints) => taints is null
        ? "unchanged"
        : string.Join(",", taints.OfType<JsonObject>().Select(t => $"{t["key"]!.GetValue<string>().Replace("node.kubernetes.io/", "")}:{t["effect"]!.GetValue<string>()}"));

    [Theory]
    [InlineData("ready and healthy", new[] { "Ready=True", "MemoryPressure=False" }, false, "unchanged")]
    [InlineData("unknown", new[] { "Ready=Unknown" }, false, "unreachable:NoExecute,unreachable:NoSchedule")]
    [InlineData("not ready", new[] { "Ready=False" }, false, "not-ready:NoExecute,not-ready:NoSchedule")]
    [InlineData("pressures", new[] { "Ready=True", "MemoryPressure=True", "DiskPressure=True", "PIDPressure=True", "NetworkUnavailable=True" }, false,
        "disk-pressure:NoSchedule,memory-pressure:NoSchedule,network-unavailable:NoSchedule,pid-pressure:NoSchedule")]
    [InlineData("cordoned", new[] { "Ready=True" }, true, "unschedulable:NoSchedule")]
    [InlineData("no ready condition yet", new string[0], false, "unchanged")]
    public void Plan_AddsTheTaintsTheConditionsCallFor(string name, string[] conditions, bool unschedulable, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, Describe(NodeTaintPlanner.Plan(Node("a", unschedulable: unschedulable, conditions: conditions), NoExecuteMode.Allowed, T0)));
    }

    [Fact]
    public void Plan_OnRecovery_RemovesOwnedTaints_AndKeepsForeignOnes()
    {
        var node = Node("a", taints: [Taint(Taints.Unreachable, "NoExecute"), Taint(Taints.Unreachable, "NoSchedule"), Taint("dedicated", "NoSchedule", "gpu"),
            Taint(Taints.NotReady, "PreferNoSchedule")], conditions: ["Ready=True"]);

        Assert.Equal("dedicated:NoSchedule,not-ready:PreferNoSchedule", Describe(NodeTaintPlanner.Plan(node, NoExecuteMode.Allowed, T0)));
    }

    [Fact]
    public void Plan_SwapsUnreachableForNotReady_AndStampsTimeAdded()
    {
        var node = Node("a", taints: [Taint(Taints.Unreachable, "NoExecute")], conditions: ["Ready=False"]);

        var taints = NodeTaintPlanner.Plan(node, NoExecuteMode.Allowed, T0.AddMinutes(5))!;

        Assert.Equal("not-ready:NoExecute,not-ready:NoSchedule", Describe(taints));
        Assert.Equal("2026-01-01T00:05:00Z", taints.OfType<JsonObject>().Single(t => t["effect"]!.GetValue<string>() == "NoExecute")["timeAdded"]!.GetValue<string>());
    }

    [Fact]
    public void Plan_KeepsAnExistingNoExecuteTaint_AsItIs()
    {
        var existing = Taint(Taints.Unreachable, "NoExecute");
        existing["timeAdded"] = "2025-12-31T23:59:00Z";
        var node = Node("a", taints: [existing, Taint(Taints.Unreachable, "NoSchedule")], conditions: ["Ready=Unknown"]);

        Assert.Null(NodeTaintPlanner.Plan(node, NoExecuteMode.Allowed, T0));
    }

    [Fact]
    public void Plan_WhenEvictionsAreHalted_SetsNoSchedule_ButNoNoExecute()
    {
        var node = Node("a", taints: [Taint(Taints.Unreachable, "NoExecute")], conditions: ["Ready=Unknown"]);

        Assert.Equal("unreachable:NoSchedule", Describe(NodeTaintPlanner.Plan(node, NoExecuteMode.Halted, T0)));
    }

    [Fact]
    public void Deferred_AddsNoNewNoExecuteTaint_ButSwapsOneTheNodeHas()
    {
        var fresh = Node("a", conditions: ["Ready=False"]);
        Assert.Equal("not-ready:NoSchedule", Describe(NodeTaintPlanner.Plan(fresh, NoExecuteMode.Deferred, T0)));

        var tainted = Node("b", conditions: ["Ready=Unknown"], taints: [Taints.New(Taints.NotReady, Taints.NoExecute, T0)]);
        Assert.Equal("unreachable:NoExecute,unreachable:NoSchedule", Describe(NodeTaintPlanner.Plan(tainted, NoExecuteMode.Deferred, T0)));
    }
}
