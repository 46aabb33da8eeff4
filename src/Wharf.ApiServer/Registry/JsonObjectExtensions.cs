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

    /// <summary>
    /// The integer in a JSON value, whatever CLR type backs it (parsed documents hold JsonElements, values set in
    /// code hold int or long; <c>GetValue&lt;long&gt;</c> alone fails on the latter). Null when absent or not an integer.
    /// </summary>
    public static long? Long(this JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<int>(out var i)) return i;
        if (value.TryGetValue<System.Text.Json.JsonElement>(out var e) && e.ValueKind == System.Text.Json.JsonValueKind.Number && e.TryGetInt64(out var el)) return el;
        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        return null;
    }

    /// <summary>The boolean in a JSON value, null when absent or not a boolean.</summary>
    public static bool? Bool(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>Sets <paramref name="key"/> only when it is absent (upstream defaulting never overrides).</summary>
    public static void Default(this JsonObject obj, string key, JsonNode? value)
    {
        if (!obj.ContainsKey(key) || obj[key] is null) obj[key] = value;
    }

    public static IEnumerable<JsonObject> Objects(this JsonNode? array) =>
        array is JsonArray a ? a.OfType<JsonObject>() : [];
}
