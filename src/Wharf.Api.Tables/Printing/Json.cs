using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Tables.Printing;

/// <summary>
/// Lenient readers over stored JSON: a missing or mistyped field reads as the Go zero value,
/// which is what the upstream printers see for an unset field.
/// </summary>
internal static class Json
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static JsonObject? Obj(this JsonNode? node, params string[] path) => node.At(path) as JsonObject;

    /// <summary>The array at <paramref name="path"/>, or an empty list.</summary>
    public static IReadOnlyList<JsonNode?> Arr(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray a ? a.ToList() : Array.Empty<JsonNode?>();

    /// <summary>The objects of the array at <paramref name="path"/> (non-objects skipped).</summary>
    public static IEnumerable<JsonObject> Objs(this JsonNode? node, params string[] path) =>
        node.Arr(path).OfType<JsonObject>();

    public static bool Has(this JsonNode? node, params string[] path) =>
        node.At(path) is { } v && v.GetValueKind() != JsonValueKind.Null;

    /// <summary>String value, or "" when missing (numbers and booleans are not coerced).</summary>
    public static string Str(this JsonNode? node, params string[] path) => node.StrOrNull(path) ?? "";

    public static string? StrOrNull(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long Long(this JsonNode? node, params string[] path) => node.LongOrNull(path) ?? 0;

    public static long? LongOrNull(this JsonNode? node, params string[] path)
    {
        if (node.At(path) is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        // Values built in code may wrap int, uint, double…: go through their JSON text.
        var text = v.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l))
        {
            return l;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : null;
    }

    public static bool Bool(this JsonNode? node, params string[] path) => node.BoolOrNull(path) ?? false;

    public static bool? BoolOrNull(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : null;

    /// <summary>Number of properties of the object at <paramref name="path"/> (a Go map's len).</summary>
    public static int Count(this JsonNode? node, params string[] path) => node.At(path) switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    /// <summary>A map[string]string field as ordered pairs (non-string values skipped).</summary>
    public static IEnumerable<KeyValuePair<string, string>> StringMap(this JsonNode? node, params string[] path)
    {
        if (node.At(path) is not JsonObject o)
        {
            yield break;
        }

        foreach (var (k, v) in o)
        {
            if (v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String)
            {
                yield return new(k, jv.GetValue<string>());
            }
        }
    }

    /// <summary>An IntOrString field printed as Go's <c>IntOrString.String()</c>, or null when unset.</summary>
    public static string? IntOrString(this JsonNode? node, params string[] path) => node.At(path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) =>
            l.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
