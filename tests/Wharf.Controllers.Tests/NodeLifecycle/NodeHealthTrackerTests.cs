using System.Text.Json.Nodes;
using Wharf.Controllers.NodeLifecycle;
using static Wharf.Controllers.Tests.NodeLifecycle.NodeObjects;

namespace Wharf.Controllers.Tests.NodeLifecycle;

public sealed class NodeHealthTrackerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(40);

    private static NodeHealthTracker Tracker() => new(Grace, TimeSpan.FromSeconds(60));

    private static string? StatusOf(JsonArray? conditions, string type) =>
        conditions?.OfType<JsonObject>().FirstOrDefault(c => c["type"]!.GetValue<string>() == type)?["status"]?.GetValue<string>();

    [Theory]
    [InlineData("within grace", 40, false)]
    [InlineData("just past grace", 41, true)]
    public void SilentNode_TurnsUnknown_OnlyAfterTheGracePeriod(string name, int seconds, bool unknown)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var tracker = Tracker();
        var node = Node("a", conditions: ["Ready=True", "MemoryPressure=False", "DiskPressure=False", "PIDPressure=False"]);
        Assert.Null(tracker.Observe(node, null, T0).NewConditions);

        var check = tracker.Observe(node, null, T0.AddSeconds(seconds));

        Assert.Equal(unknown, check.NewConditions is not null);
        Assert.Equal("True", check.ObservedReady);
        Assert.Equal(unknown ? "Unknown" : "True", check.CurrentReady);
    }

    [Fact]
    public void ExpiredNode_GetsEveryMonitoredConditionUnknown_WithUpstreamsReasons()
    {
        var tracker = Tracker();
        var node = Node("a", conditions: ["Ready=True", "MemoryPressure=False", "NetworkUnavailable=False"]);
        tracker.Observe(node, null, T0);

        var conditions = tracker.Observe(node, null, T0.AddMinutes(1)).NewConditions!;

        var ready = conditions.OfType<JsonObject>().Single(c => c["type"]!.GetValue<string>() == "Ready");
        Assert.Equal("Unknown", ready["status"]!.GetValue<string>());
        Assert.Equal("NodeStatusUnknown", ready["reason"]!.GetValue<string>());
        Assert.Equal("Kubelet stopped posting node status.", ready["message"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:01:00Z", ready["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("Unknown", StatusOf(conditions, "MemoryPressure"));
        var disk = conditions.OfType<JsonObject>().Single(c => c["type"]!.GetValue<string>() == "DiskPressure");
        Assert.Equal(("Unknown", "NodeStatusNeverUpdated"), (disk["status"]!.GetValue<string>(), disk["reason"]!.GetValue<string>()));
        Assert.Equal("Unknown", StatusOf(conditions, "PIDPressure"));
        Assert.Equal("False", StatusOf(conditions, "NetworkUnavailable")); // not one the controller owns
    }

    [Theory]
    [InlineData("lease renewed", true, false)]
    [InlineData("status heartbeat", false, true)]
    public void SignOfLife_RestartsTheGracePeriod(string name, bool renewLease, bool newHeartbeat)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var tracker = Tracker();
        tracker.Observe(Node("a", conditions: ["Ready=True"]), Lease("a", "2026-01-01T00:00:00.000000Z"), T0);
        var lease = Lease("a", renewLease ? "2026-01-01T00:00:30.000000Z" : "2026-01-01T00:00:00.000000Z");
        var node = Node("a", heartbeat: newHeartbeat ? "2026-01-01T00:00:30Z" : "2026-01-01T00:00:00Z", conditions: ["Ready=True"]);
        Assert.Null(tracker.Observe(node, lease, T0.AddSeconds(30)).NewConditions);

        Assert.Null(tracker.Observe(node, lease, T0.AddSeconds(69)).NewConditions);
        Assert.NotNull(tracker.Observe(node, lease, T0.AddSeconds(71)).NewConditions);
    }

    [Fact]
    public void NodeThatNeverPostedReady_GetsTheStartupGrace_FromItsCreation()
    {
        var tracker = Tracker();
        var node = Node("a");

        Assert.Null(tracker.Observe(node, null, T0.AddSeconds(59)).NewConditions);
        var conditions = tracker.Observe(node, null, T0.AddSeconds(61)).NewConditions!;

        var ready = conditions.OfType<JsonObject>().Single(c => c["type"]!.GetValue<string>() == "Ready");
        Assert.Equal(("Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."),
            (ready["status"]!.GetValue<string>(), ready["reason"]!.GetValue<string>(), ready["message"]!.GetValue<string>()));
    }

    [Fact]
    public void WrittenUnknownStatus_IsNotTakenForASignOfLife()
    {
        var tracker = Tracker();
        var node = Node("a", conditions: ["Ready=True"]);
        tracker.Observe(node, null, T0);
        var written = tracker.Observe(node, null, T0.AddSeconds(41)).NewConditions!;
        var updated = (JsonObject)node.DeepClone();
        updated["status"]!["conditions"] = written;

        var next = tracker.Observe(updated, null, T0.AddSeconds(46));

        Assert.Null(next.NewConditions);
        Assert.Equal(("Unknown", "Unknown"), (next.ObservedReady, next.CurrentReady));
    }
}
