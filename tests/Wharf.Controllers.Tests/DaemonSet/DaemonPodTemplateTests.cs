using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Controllers.DaemonSet;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.DaemonSet;

public sealed class DaemonPodTemplateTests
{
    private static List<string> Tolerations(JsonObject template) =>
        template["spec"]!["tolerations"]!.AsArray().Select(t => $"{t!["key"]}:{t["operator"]}:{t["effect"]}:{t["tolerationSeconds"]?.ToJsonString() ?? "-"}").ToList();

    [Theory]
    [InlineData("pod network", false)]
    [InlineData("host network", true)]
    public void ForRevision_AddsTheAutomaticTolerationsAndRevisionLabels(string name, bool hostNetwork)
    {
        _ = name;
        var template = Workloads.Template("agent");
        template["spec"]!["hostNetwork"] = hostNetwork;
        var result = DaemonPodTemplate.ForRevision(template, 3, "abc12");

        var expected = new List<string>
        {
            "node.kubernetes.io/not-ready:Exists:NoExecute:-",
            "node.kubernetes.io/unreachable:Exists:NoExecute:-",
            "node.kubernetes.io/disk-pressure:Exists:NoSchedule:-",
            "node.kubernetes.io/memory-pressure:Exists:NoSchedule:-",
            "node.kubernetes.io/pid-pressure:Exists:NoSchedule:-",
            "node.kubernetes.io/unschedulable:Exists:NoSchedule:-",
        };
        if (hostNetwork) expected.Add("node.kubernetes.io/network-unavailable:Exists:NoSchedule:-");
        Assert.Equal(expected, Tolerations(result));
        Assert.Equal("3", result["metadata"]!["labels"]![DaemonSetLabels.PodTemplateGeneration]!.GetValue<string>());
        Assert.Equal("abc12", result["metadata"]!["labels"]![DaemonSetLabels.ControllerRevisionHash]!.GetValue<string>());
        Assert.Equal("agent", result["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Null(template["spec"]!["tolerations"]);
    }

    [Fact]
    public void ForRevision_ReplacesAnEquivalentTolerationDroppingItsSeconds_AndKeepsOthers()
    {
        var template = Workloads.Template("agent");
        template["spec"]!["tolerations"] = new JsonArray(
            DaemonSetObjects.Toleration("node.kubernetes.io/not-ready", "Exists", "NoExecute", seconds: 300),
            DaemonSetObjects.Toleration("dedicated", "Equal", "NoSchedule", "infra"));
        var tolerations = Tolerations(DaemonPodTemplate.ForRevision(template, null, ""));

        Assert.Equal("node.kubernetes.io/not-ready:Exists:NoExecute:-", tolerations[0]);
        Assert.Equal("dedicated:Equal:NoSchedule:-", tolerations[1]);
        Assert.Equal(7, tolerations.Count);
    }

    [Fact]
    public void ForRevision_WithoutGenerationOrHash_AddsNoSuchLabels()
    {
        var labels = DaemonPodTemplate.ForRevision(Workloads.Template("agent"), null, "")["metadata"]!["labels"]!.AsObject();
        Assert.Equal(["app"], labels.Select(kv => kv.Key));
    }

    [Theory]
    [InlineData("no affinity", null)]
    [InlineData("other field term", """{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["old"]}]},{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}]},"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"preference":{"matchExpressions":[{"key":"ssd","operator":"Exists"}]}}]}}""")]
    [InlineData("pod affinity only", """{"podAntiAffinity":{}}""")]
    public void ForNode_PinsThePodWithOneMatchFieldsTerm(string name, string? affinity)
    {
        _ = name;
        var template = Workloads.Template("agent");
        if (affinity is not null) template["spec"]!["affinity"] = JsonNode.Parse(affinity);
        var pinned = DaemonPodTemplate.ForNode(template, "node-7");

        var terms = pinned["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]!;
        Assert.Equal("""[{"matchFields":[{"key":"metadata.name","operator":"In","values":["node-7"]}]}]""", terms.ToJsonString());
        Assert.Null(pinned["spec"]!["nodeName"]);
        if (affinity?.Contains("preferred") == true) Assert.NotNull(pinned["spec"]!["affinity"]!["nodeAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]);
        if (affinity?.Contains("podAntiAffinity") == true) Assert.NotNull(pinned["spec"]!["affinity"]!["podAntiAffinity"]);
        // The pinned pod is read back as belonging to its node.
        var pod = new V1Pod { Spec = k8s.KubernetesJson.Deserialize<V1PodSpec>(pinned["spec"]!.ToJsonString()), Metadata = new V1ObjectMeta() };
        Assert.Equal("node-7", DaemonPods.TargetNode(pod));
    }
}
