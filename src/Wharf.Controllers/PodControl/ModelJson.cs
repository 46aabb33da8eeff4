using System.Text.Json.Nodes;
using k8s;

namespace Wharf.Controllers.PodControl;

/// <summary>
/// Moves between the informers' JSON and the typed models. Deserialising is also the deep copy upstream takes
/// before mutating a cached object: the model never shares nodes with the cache.
/// </summary>
internal static class ModelJson
{
    public static T ToModel<T>(JsonObject obj) => KubernetesJson.Deserialize<T>(obj);

    /// <summary>
    /// The model of a write's answer, which belongs to the caller: its managedFields are dropped first. The informers'
    /// copies have none (they strip them), nothing a pass does reads them, and they are about as large as the rest of
    /// a Deployment or ReplicaSet, so deserialising them was a good part of each answer's cost.
    /// </summary>
    public static T AnswerToModel<T>(JsonObject answer)
    {
        (answer["metadata"] as JsonObject)?.Remove("managedFields");
        return ToModel<T>(answer);
    }

    public static JsonObject ToJson(object model) => JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();

    public static JsonNode? ToNode(object? model) => model is null ? null : JsonNode.Parse(KubernetesJson.Serialize(model));

    /// <summary>A deep copy of a model through its wire text (no JSON tree in between, unlike ToModel(ToJson(m))).</summary>
    public static T Copy<T>(T model) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(model));
}
