using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Registry;

/// <summary>Small helpers for working on untyped Kubernetes JSON documents.</summary>
public static class JsonObjectExtensions
{
    /// <summary>The child object at <paramref name="key"/>, created when missing or not an object.</summary>
    public static JsonObject Obj(this JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    public static string? Str(this JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Sets <paramref name="key"/> only when it is absent (upstream defaulting never overrides).</summary>
    public static void Default(this JsonObject obj, string key, JsonNode? value)
    {
        if (!obj.ContainsKey(key) || obj[key] is null) obj[key] = value;
    }

    public static IEnumerable<JsonObject> Objects(this JsonNode? array) =>
        array is JsonArray a ? a.OfType<JsonObject>() : [];
}
