using System.Text.Json.Nodes;
using k8s;

namespace Wharf.Scheduler.Hosting;

/// <summary>Converts between the client's JSON documents and the k8s.Models types the framework works on.</summary>
internal static class ModelJson
{
    public static T ToModel<T>(JsonObject obj) => KubernetesJson.Deserialize<T>(obj);

    public static JsonObject ToJson(object model) => JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();
}
