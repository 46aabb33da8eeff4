using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Controllers.Namespace;

namespace Wharf.Controllers.Tests.Namespace;

public class NamespaceConditionUpdaterTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static JsonObject Condition(JsonObject ns, string type) =>
        ns["status"]!["conditions"]!.AsArray().OfType<JsonObject>().Single(c => c["type"]!.ToString() == type);

    [Fact]
    public void NoFailures_AllConditionsFalseWithOkReasons()
    {
        var ns = new JsonObject();
        Assert.True(new NamespaceConditionUpdater(T0).Update(ns));
        Assert.Equal(5, ns["status"]!["conditions"]!.AsArray().Count);
        var content = Condition(ns, NamespaceConditionUpdater.ContentRemaining);
        Assert.Equal("False", content["status"]!.ToString());
        Assert.Equal("ContentRemoved", content["reason"]!.ToString());
        Assert.Equal("All content successfully removed", content["message"]!.ToString());
        Assert.False(new NamespaceConditionUpdater(T0.AddMinutes(1)).Update(ns)); // nothing changed, nothing to write
    }

    [Theory]
    [InlineData("core resource", "", "pods", "pods. has 2 resource instances")]
    [InlineData("grouped resource", "apps", "deployments", "deployments.apps has 2 resource instances")]
    public void RemainingContent_UsesUpstreamWording(string name, string group, string plural, string expected)
    {
        _ = name;
        var ns = new JsonObject();
        var updater = new NamespaceConditionUpdater(T0);
        updater.ProcessContentTotals(new Dictionary<Resource, int> { [new Resource(group, "v1", plural, "X", true)] = 2 },
            new Dictionary<string, int> { ["example.com/hold"] = 2 });
        updater.Update(ns);
        var content = Condition(ns, NamespaceConditionUpdater.ContentRemaining);
        Assert.Equal(("True", "SomeResourcesRemain"), (content["status"]!.ToString(), content["reason"]!.ToString()));
        Assert.Equal("Some resources are remaining: " + expected, content["message"]!.ToString());
        var finalizers = Condition(ns, NamespaceConditionUpdater.FinalizersRemaining);
        Assert.Equal("Some content in the namespace has finalizers remaining: example.com/hold in 2 resource instances", finalizers["message"]!.ToString());
    }

    [Fact]
    public void ContentErrors_AreSortedIntoOneCondition_AndTransitionTimeMovesOnlyOnStatusChange()
    {
        var ns = new JsonObject();
        var failing = new NamespaceConditionUpdater(T0);
        failing.ProcessDeleteContentError("b failed");
        failing.ProcessDeleteContentError("a failed");
        failing.Update(ns);
        var condition = Condition(ns, NamespaceConditionUpdater.ContentFailure);
        Assert.Equal("Failed to delete all resource types, 2 remaining: a failed, b failed", condition["message"]!.ToString());
        Assert.Equal("2025-01-01T00:00:00Z", condition["lastTransitionTime"]!.ToString());

        var stillFailing = new NamespaceConditionUpdater(T0.AddMinutes(1));
        stillFailing.ProcessDeleteContentError("a failed");
        stillFailing.Update(ns);
        Assert.Equal("2025-01-01T00:00:00Z", Condition(ns, NamespaceConditionUpdater.ContentFailure)["lastTransitionTime"]!.ToString());

        new NamespaceConditionUpdater(T0.AddMinutes(2)).Update(ns);
        condition = Condition(ns, NamespaceConditionUpdater.ContentFailure);
        Assert.Equal(("False", "ContentDeleted"), (condition["status"]!.ToString(), condition["reason"]!.ToString()));
        Assert.Equal("2025-01-01T00:02:00Z", condition["lastTransitionTime"]!.ToString());
    }
}
