using System.Text.Json.Nodes;

namespace Wharf.Controllers.PodControl;

/// <summary>Reads spec fields of cached workload objects with upstream's defaults for fields the server left unset.</summary>
public static class Spec
{
    public static int Int(JsonObject obj, string field, int fallback) =>
        obj["spec"]?[field] is JsonValue v && v.TryGetValue<int>(out var n) ? n : fallback;

    /// <summary>spec.replicas, defaulting to 1.</summary>
    public static int Replicas(JsonObject obj) => Int(obj, "replicas", 1);
}
