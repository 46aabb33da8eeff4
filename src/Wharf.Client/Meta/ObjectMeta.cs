using System.Text.Json.Nodes;

namespace Wharf.Client.Meta;

/// <summary>Reads the common metadata fields of a JSON object (any kind).</summary>
public static class ObjectMeta
{
    public static string? Name(JsonObject obj) => Str(obj["metadata"]?["name"]);
    public static string? Namespace(JsonObject obj) => Str(obj["metadata"]?["namespace"]) is { Length: > 0 } ns ? ns : null;
    public static string? Uid(JsonObject obj) => Str(obj["metadata"]?["uid"]);
    public static string? ResourceVersion(JsonObject obj) => Str(obj["metadata"]?["resourceVersion"]);
    public static string? DeletionTimestamp(JsonObject obj) => Str(obj["metadata"]?["deletionTimestamp"]);
    public static bool IsBeingDeleted(JsonObject obj) => DeletionTimestamp(obj) is { Length: > 0 };

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray list ? list.Select(Str).OfType<string>().ToList() : [];

    public static string? Label(JsonObject obj, string key) => Str(obj["metadata"]?["labels"]?[key]);
    public static string? Annotation(JsonObject obj, string key) => Str(obj["metadata"]?["annotations"]?[key]);

    /// <summary>The metadata object, created when missing.</summary>
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta) return meta;
        meta = new JsonObject();
        obj["metadata"] = meta;
        return meta;
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
