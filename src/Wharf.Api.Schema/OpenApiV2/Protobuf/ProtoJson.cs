using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApiV2.Protobuf;

/// <summary>
/// Reads JSON document values for the encoders, and writes the two generic gnostic messages: <c>Any</c> (a value as
/// YAML text; flow-style JSON is valid YAML, which is how kubectl reads it back) and <c>NamedAny</c> vendor extensions.
/// </summary>
internal static class ProtoJson
{
    private static readonly JsonSerializerOptions AnyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static bool Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public static double Double(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number : 0;

    public static long Int64(JsonNode? node) => (long)Double(node);

    /// <summary>A string list; a single string counts as a list of one (swagger's <c>type</c> allows both).</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(String).OfType<string>(),
        JsonValue when String(node) is { } single => [single],
        _ => [],
    };

    /// <summary>gnostic <c>Any</c>: field 2 is the value as YAML.</summary>
    public static void Any(ProtoWriter writer, int field, JsonNode? value) =>
        writer.Message(field, any => any.String(2, (value?.ToJsonString(AnyOptions) ?? "null") + "\n"));

    public static void RepeatedAny(ProtoWriter writer, int field, JsonNode? values)
    {
        if (values is not JsonArray array) return;
        foreach (var value in array) Any(writer, field, value);
    }

    /// <summary>Every <c>x-…</c> key of <paramref name="obj"/> as a <c>NamedAny</c> (name 1, value 2).</summary>
    public static void Extensions(ProtoWriter writer, int field, JsonObject obj)
    {
        foreach (var (key, value) in obj)
        {
            if (!key.StartsWith("x-", StringComparison.Ordinal)) continue;
            writer.Message(field, named =>
            {
                named.String(1, key);
                Any(named, 2, value);
            });
        }
    }
}
