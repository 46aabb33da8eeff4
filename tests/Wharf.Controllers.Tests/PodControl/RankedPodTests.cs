using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.PodControl;

public sealed class RankedPodTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A whole pod as the cache holds it, with fields the order does not read around the ones it does.</summary>
    private static JsonObject Pod(string name, string? node = "n1", string phase = "Running", bool ready = true, int restarts = 0,
        int createdMinutesAgo = 10, int readyMinutesAgo = 5, string? cost = null) => JsonNode.Parse(KubernetesJson.Serialize(new V1Pod
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            Uid = $"uid-{name}",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            Annotations = cost is null ? new Dictionary<string, string> { ["other"] = "1" } : new Dictionary<string, string> { [PodDeletionOrder.DeletionCostAnnotation] = cost },
            CreationTimestamp = Now.UtcDateTime.AddMinutes(-createdMinutesAgo),
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "nginx" }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions =
            [
                new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Now.UtcDateTime.AddMinutes(-9) },
                new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.UtcDateTime.AddMinutes(-readyMinutesAgo) },
            ],
            ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts, Image = "nginx", ImageID = "", Ready = ready }],
        },
    }))!.AsObject();

    [Theory]
    [InlineData("unscheduled before scheduled", "unscheduled")]
    [InlineData("pending before running", "pending")]
    [InlineData("not ready before ready", "notready")]
    [InlineData("lower deletion cost first", "cost")]
    [InlineData("ready for less time first", "readyrecently")]
    [InlineData("more restarts first", "restarts")]
    [InlineData("newer first", "newer")]
    public void From_OrdersAsTheWholeModelDoes(string name, string cheap)
    {
        _ = name;
        var baseline = Pod("baseline", cost: cheap == "cost" ? "10" : null);
        var candidate = cheap switch
        {
            "unscheduled" => Pod("x", node: null, phase: "Pending", ready: false),
            "pending" => Pod("x", phase: "Pending", ready: false),
            "notready" => Pod("x", ready: false),
            "cost" => Pod("x", cost: "-5"),
            "readyrecently" => Pod("x", readyMinutesAgo: 1),
            "restarts" => Pod("x", restarts: 3),
            _ => Pod("x", createdMinutesAgo: 1),
        };
        JsonObject[] pods = [baseline, candidate];

        var ranked = PodDeletionOrder.PickForDeletion(pods.Select(RankedPod.From).ToList(), [], 1, Now);
        var whole = PodDeletionOrder.PickForDeletion(pods.Select(ModelJson.ToModel<V1Pod>).ToList(), [], 1, Now);

        Assert.Equal("x", Assert.Single(ranked).Metadata.Name);
        Assert.Equal("x", Assert.Single(whole).Metadata.Name);
    }

    [Fact]
    public void From_KeepsTheIdentity()
    {
        var pod = RankedPod.From(Pod("p"));

        Assert.Equal(("p", "ns", "uid-p"), (pod.Metadata.Name, pod.Metadata.NamespaceProperty, pod.Metadata.Uid));
    }
}
