using System.Text.Json.Nodes;
using Wharf.Controllers.DaemonSet;

namespace Wharf.Controllers.Tests.DaemonSet;

public sealed class NodeEligibilityTests
{
    private static JsonObject Ds(Action<JsonObject>? podSpec = null)
    {
        var ds = DaemonSetObjects.DaemonSet("ns", "agent", "agent");
        podSpec?.Invoke(ds["spec"]!["template"]!["spec"]!.AsObject());
        return ds;
    }

    private static JsonObject Affinity(params JsonObject[] terms) => new()
    {
        ["nodeAffinity"] = new JsonObject
        {
            ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
            {
                ["nodeSelectorTerms"] = new JsonArray(terms.Select(t => (JsonNode)t).ToArray()),
            },
        },
    };

    private static JsonObject Term(string list, string key, string op, params string[] values) => new()
    {
        [list] = new JsonArray(new JsonObject { ["key"] = key, ["operator"] = op, ["values"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()) }),
    };

    private static JsonObject Labelled(params (string Key, string Value)[] labels) =>
        DaemonSetObjects.Node("n1", new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))));

    [Theory]
    [InlineData("matching label", "ssd", true)]
    [InlineData("other value", "hdd", false)]
    [InlineData("label missing", null, false)]
    public void NodeSelector_MustMatchEveryLabel(string name, string? disk, bool expected)
    {
        _ = name;
        var node = disk is null ? Labelled() : Labelled(("disk", disk));
        var ds = Ds(s => s["nodeSelector"] = new JsonObject { ["disk"] = "ssd" });
        Assert.Equal(new NodeEligibility(expected, expected), NodeEligibility.Of(node, ds));
    }

    [Theory]
    [InlineData("In hit", "matchExpressions", "zone", "In", "a", true)]
    [InlineData("In miss", "matchExpressions", "zone", "In", "b", false)]
    [InlineData("NotIn", "matchExpressions", "zone", "NotIn", "b", true)]
    [InlineData("Exists", "matchExpressions", "zone", "Exists", null, true)]
    [InlineData("DoesNotExist", "matchExpressions", "zone", "DoesNotExist", null, false)]
    [InlineData("Gt numeric", "matchExpressions", "cores", "Gt", "4", true)]
    [InlineData("Lt numeric", "matchExpressions", "cores", "Lt", "4", false)]
    [InlineData("field name", "matchFields", "metadata.name", "In", "n1", true)]
    [InlineData("field other name", "matchFields", "metadata.name", "In", "n2", false)]
    public void RequiredNodeAffinity_TermsAreEvaluated(string name, string list, string key, string op, string? value, bool expected)
    {
        _ = name;
        var node = Labelled(("zone", "a"), ("cores", "8"));
        var ds = Ds(s => s["affinity"] = Affinity(value is null ? Term(list, key, op) : Term(list, key, op, value)));
        Assert.Equal(expected, NodeEligibility.Of(node, ds).ShouldRun);
    }

    [Fact]
    public void RequiredNodeAffinity_AnyTermSuffices_AndAnEmptyTermMatchesNothing()
    {
        var node = Labelled(("zone", "a"));
        Assert.True(NodeEligibility.Of(node, Ds(s => s["affinity"] = Affinity(Term("matchExpressions", "zone", "In", "b"), Term("matchExpressions", "zone", "In", "a")))).ShouldRun);
        Assert.False(NodeEligibility.Of(node, Ds(s => s["affinity"] = Affinity(new JsonObject()))).ShouldRun);
    }

    [Theory]
    [InlineData("untolerated NoSchedule keeps running pods", "NoSchedule", false, false, true)]
    [InlineData("untolerated NoExecute evicts", "NoExecute", false, false, false)]
    [InlineData("PreferNoSchedule is ignored", "PreferNoSchedule", false, true, true)]
    [InlineData("tolerated NoSchedule", "NoSchedule", true, true, true)]
    [InlineData("tolerated NoExecute", "NoExecute", true, true, true)]
    public void Taints_NeedTolerations(string name, string effect, bool tolerate, bool shouldRun, bool shouldContinue)
    {
        _ = name;
        var node = DaemonSetObjects.Node("n1", null, DaemonSetObjects.Taint("dedicated", effect, "infra"));
        var ds = Ds(s =>
        {
            if (tolerate) s["tolerations"] = new JsonArray(DaemonSetObjects.Toleration("dedicated", "Equal", effect, "infra"));
        });
        Assert.Equal(new NodeEligibility(shouldRun, shouldContinue), NodeEligibility.Of(node, ds));
    }

    [Theory]
    [InlineData("node.kubernetes.io/not-ready", "NoExecute", false, true)]
    [InlineData("node.kubernetes.io/unreachable", "NoExecute", false, true)]
    [InlineData("node.kubernetes.io/disk-pressure", "NoSchedule", false, true)]
    [InlineData("node.kubernetes.io/memory-pressure", "NoSchedule", false, true)]
    [InlineData("node.kubernetes.io/pid-pressure", "NoSchedule", false, true)]
    [InlineData("node.kubernetes.io/unschedulable", "NoSchedule", false, true)]
    [InlineData("node.kubernetes.io/network-unavailable", "NoSchedule", false, false)]
    [InlineData("node.kubernetes.io/network-unavailable", "NoSchedule", true, true)]
    public void AutomaticTolerations_CoverNodeConditionTaints(string key, string effect, bool hostNetwork, bool shouldRun)
    {
        var node = DaemonSetObjects.Node("n1", null, DaemonSetObjects.Taint(key, effect));
        var ds = Ds(s => s["hostNetwork"] = hostNetwork);
        Assert.Equal(shouldRun, NodeEligibility.Of(node, ds).ShouldRun);
    }

    [Fact]
    public void TemplateNodeName_LimitsTheDaemonSetToThatNode()
    {
        var ds = Ds(s => s["nodeName"] = "n2");
        Assert.Equal(new NodeEligibility(false, false), NodeEligibility.Of(DaemonSetObjects.Node("n1"), ds));
        Assert.Equal(new NodeEligibility(true, true), NodeEligibility.Of(DaemonSetObjects.Node("n2"), ds));
    }
}
