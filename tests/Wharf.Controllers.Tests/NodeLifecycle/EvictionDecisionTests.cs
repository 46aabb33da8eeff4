using System.Text.Json.Nodes;
using Wharf.Controllers.NodeLifecycle;
using static Wharf.Controllers.Tests.NodeLifecycle.NodeObjects;

namespace Wharf.Controllers.Tests.NodeLifecycle;

public sealed class EvictionDecisionTests
{
    private static readonly JsonObject Unreachable = Taint(Taints.Unreachable, "NoExecute");
    private static readonly JsonObject NotReady = Taint(Taints.NotReady, "NoExecute");
    private static readonly JsonObject Dedicated = Taint("dedicated", "NoExecute", "db");

    [Theory]
    [InlineData("exact key", """{"key":"dedicated","operator":"Equal","value":"db","effect":"NoExecute"}""", true)]
    [InlineData("default operator is Equal", """{"key":"dedicated","value":"db"}""", true)]
    [InlineData("other value", """{"key":"dedicated","operator":"Equal","value":"web"}""", false)]
    [InlineData("exists any value", """{"key":"dedicated","operator":"Exists"}""", true)]
    [InlineData("empty key exists tolerates all", """{"operator":"Exists"}""", true)]
    [InlineData("other effect", """{"key":"dedicated","operator":"Exists","effect":"NoSchedule"}""", false)]
    [InlineData("unknown operator", """{"key":"dedicated","operator":"Gt","value":"db"}""", false)]
    public void Tolerates_FollowsUpstreamMatching(string name, string toleration, bool expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, Tolerations.Tolerates(JsonNode.Parse(toleration)!.AsObject(), Dedicated));
    }

    [Theory]
    [InlineData("no taints", "[]", new string[0], null, "Cancel")]
    [InlineData("not tolerated", "[]", new[] { "unreachable" }, null, "EvictNow")]
    [InlineData("tolerated forever", """[{"operator":"Exists"}]""", new[] { "unreachable" }, null, "Cancel")]
    [InlineData("tolerated 300 s from now", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""",
        new[] { "unreachable" }, null, "EvictAt 00:05:00")]
    [InlineData("scheduled earlier keeps its start", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","tolerationSeconds":300}]""",
        new[] { "unreachable" }, -200, "EvictAt 00:01:40")]
    [InlineData("time is up", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","tolerationSeconds":300}]""",
        new[] { "unreachable" }, -300, "EvictNow")]
    [InlineData("smallest of the matches", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","tolerationSeconds":300},{"key":"node.kubernetes.io/not-ready","operator":"Exists","tolerationSeconds":60}]""",
        new[] { "unreachable", "not-ready" }, null, "EvictAt 00:01:00")]
    [InlineData("one taint untolerated", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","tolerationSeconds":300}]""",
        new[] { "unreachable", "dedicated" }, null, "EvictNow")]
    [InlineData("negative seconds is zero", """[{"operator":"Exists","tolerationSeconds":-5}]""", new[] { "unreachable" }, null, "EvictNow")]
    public void For_DecidesWhenThePodGoes(string name, string tolerations, string[] taints, int? scheduledSecondsAgo, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var all = new Dictionary<string, JsonObject> { ["unreachable"] = Unreachable, ["not-ready"] = NotReady, ["dedicated"] = Dedicated };
        var pod = Pod("ns", "p", "a", tolerations);
        DateTimeOffset? since = scheduledSecondsAgo is { } s ? T0.AddSeconds(s) : null;

        var decision = EvictionDecision.For(pod, [.. taints.Select(t => all[t])], since, T0);

        Assert.Equal(expected, decision.At is { } at ? $"{decision.Action} {at - T0:hh\\:mm\\:ss}" : decision.Action.ToString());
    }
}
