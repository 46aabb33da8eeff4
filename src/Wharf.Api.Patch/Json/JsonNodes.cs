using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Json;

/// <summary>Value semantics over <see cref="JsonNode"/>: kind tests, cloning, equality and a canonical text form.</summary>
internal static class JsonNodes
{
    /// <summary>Go-like compact JSON: non-ASCII kept, no pretty printing.</summary>
    internal static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static JsonValueKind KindOf(JsonNode? node) => node switch
    {
        null => JsonValueKind.Null,
        JsonObject => JsonValueKind.Object,
        JsonArray => JsonValueKind.Array,
        _ => node.GetValueKind(),
    };

    public static bool IsScalar(JsonNode? node) => node is not JsonObject and not JsonArray;

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>The member at a path of object keys, or null when any step is missing or not an object.</summary>
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The string at a path, or null.</summary>
    public static string? StringAt(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string ToJson(JsonNode? node) => node is null ? "null" : node.ToJsonString(Compact);

    /// <summary>Structural equality; numbers compare by value so 80 equals 80.0.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kind = KindOf(a);
        var otherKind = KindOf(b);
        if (kind == JsonValueKind.True || kind == JsonValueKind.False)
        {
            return kind == otherKind;
        }

        if (kind != otherKind)
        {
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Object:
                var left = (JsonObject)a!;
                var right = (JsonObject)b!;
                if (left.Count != right.Count)
                {
                    return false;
                }

                // By index: an object's enumerator is a new object per call, and this runs for every member compared.
                for (var i = 0; i < left.Count; i++)
                {
                    var (key, value) = left.GetAt(i);
                    if (!right.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                var l = (JsonArray)a!;
                var r = (JsonArray)b!;
                if (l.Count != r.Count)
                {
                    return false;
                }

                for (var i = 0; i < l.Count; i++)
                {
                    if (!DeepEquals(l[i], r[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.String:
                // Values parsed from a document compare in place (unescaped as needed) instead of as new strings.
                return a is JsonValue sa && b is JsonValue sb && sa.TryGetValue<JsonElement>(out var ea) && sb.TryGetValue<JsonElement>(out var eb)
                    ? JsonElement.DeepEquals(ea, eb)
                    : string.Equals(a!.GetValue<string>(), b!.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Number:
                // Integers (nearly every number in an object) compare as such; anything else as decimals.
                return a is JsonValue na && b is JsonValue nb && na.TryGetValue<long>(out var x) && nb.TryGetValue<long>(out var y)
                    ? x == y
                    : CompareNumbers(a!, b!) == 0;
            default:
                return false;
        }
    }

    public static int CompareNumbers(JsonNode a, JsonNode b)
    {
        var x = ToJson(a);
        var y = ToJson(b);
        if (decimal.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var dx)
            && decimal.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var dy))
        {
            return dx.CompareTo(dy);
        }

        var fx = double.Parse(x, NumberStyles.Float, CultureInfo.InvariantCulture);
        var fy = double.Parse(y, NumberStyles.Float, CultureInfo.InvariantCulture);
        return fx.CompareTo(fy);
    }

    /// <summary>
    /// A text form equal for <see cref="DeepEquals"/>-equal values (sorted object keys, normalised numbers), used
    /// as a hash key for merge keys and set members.
    /// </summary>
    public static string Canonical(JsonNode? node)
    {
        var sb = new StringBuilder();
        WriteCanonical(sb, node);
        return sb.ToString();
    }

    /// <summary>Appends <see cref="Canonical"/>'s text of <paramref name="node"/> to <paramref name="sb"/>.</summary>
    internal static void AppendCanonical(StringBuilder sb, JsonNode? node) => WriteCanonical(sb, node);

    private static void WriteCanonical(StringBuilder sb, JsonNode? node)
    {
        switch (KindOf(node))
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in ((JsonObject)node!).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    sb.Append(JsonSerializer.Serialize(key, Compact)).Append(':');
                    WriteCanonical(sb, value);
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var arr = (JsonArray)node!;
                for (var i = 0; i < arr.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteCanonical(sb, arr[i]);
                }

                sb.Append(']');
                break;
            case JsonValueKind.Number:
                var text = ToJson(node);
                sb.Append(decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? d.ToString("G29", CultureInfo.InvariantCulture)
                    : text);
                break;
            default:
                sb.Append(ToJson(node));
                break;
        }
    }

    /// <summary>Go's <c>%v</c>-ish rendering used inside upstream error messages.</summary>
    public static string Describe(JsonNode? node) => ToJson(node);

    /// <summary>Go type names as upstream's <c>ErrBadArgType</c> prints them.</summary>
    public static string GoTypeName(JsonNode? node) => KindOf(node) switch
    {
        JsonValueKind.Object => "map[string]interface {}",
        JsonValueKind.Array => "[]interface {}",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "int64",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "<nil>",
    };
}
