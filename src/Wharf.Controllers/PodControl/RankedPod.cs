using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Meta;

namespace Wharf.Controllers.PodControl;

/// <summary>
/// A typed pod holding only what <see cref="PodDeletionOrder"/> reads (identity, node, phase, Ready condition,
/// restart counts, creation time, deletion cost), built from the cached JSON field by field: a scale-down orders
/// every pod of the ReplicaSet, and deserialising whole pods for it was most of the ReplicaSet controller's pass.
/// </summary>
internal static class RankedPod
{
    public static V1Pod From(JsonObject pod)
    {
        var status = pod["status"] as JsonObject;
        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = ObjectMeta.Name(pod),
                NamespaceProperty = ObjectMeta.Namespace(pod),
                Uid = ObjectMeta.Uid(pod),
                CreationTimestamp = Time(pod["metadata"]?["creationTimestamp"]),
                Annotations = ObjectMeta.Annotation(pod, PodDeletionOrder.DeletionCostAnnotation) is { } cost
                    ? new Dictionary<string, string> { [PodDeletionOrder.DeletionCostAnnotation] = cost }
                    : null,
            },
            Spec = new V1PodSpec { NodeName = pod["spec"]?["nodeName"].Str() },
            Status = status is null ? null : new V1PodStatus
            {
                Phase = status["phase"].Str(),
                Conditions = ReadyCondition(status),
                ContainerStatuses = RestartCounts(status),
            },
        };
    }

    private static List<V1PodCondition>? ReadyCondition(JsonObject status)
    {
        if (status["conditions"] is not JsonArray conditions) return null;
        foreach (var c in conditions)
        {
            if (c is JsonObject condition && condition["type"].Str() == "Ready")
                return [new V1PodCondition { Type = "Ready", Status = condition["status"].Str(), LastTransitionTime = Time(condition["lastTransitionTime"]) }];
        }
        return null;
    }

    private static List<V1ContainerStatus>? RestartCounts(JsonObject status) =>
        status["containerStatuses"] is JsonArray statuses
            ? statuses.OfType<JsonObject>().Select(s => new V1ContainerStatus { Name = s["name"].Str(), RestartCount = (int)(s["restartCount"].Long() ?? 0) }).ToList()
            : null;

    /// <summary>As the models hold times: UTC.</summary>
    private static DateTime? Time(JsonNode? node) => JsonHelpers.ParseTime(node.Str())?.UtcDateTime;
}
