using System.Text.Json.Nodes;
using Wharf.Api.Schema.OpenApi;

namespace Wharf.Api.Schema.OpenApiV2;

/// <summary>Rewrites OpenAPI v3 schema references into swagger 2.0 ones.</summary>
internal static class V2Refs
{
    public static JsonObject Ref(string definitionName) => new() { ["$ref"] = ApiSchema.RefPrefix + definitionName };

    /// <summary>
    /// A deep copy of a v3 schema with <c>#/components/schemas/</c> refs pointing at <c>#/definitions/</c>, and
    /// upstream's v3 wrapping of refs (<c>{"allOf":[{"$ref"}],"default":{}}</c>) unwrapped into the v2 form, a
    /// <c>$ref</c> with its description beside it.
    /// </summary>
    public static JsonNode? FromV3(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when IsWrappedRef(obj):
                var unwrapped = Ref(((string)obj["allOf"]![0]!["$ref"]!)[V3SchemaConverter.ComponentPrefix.Length..]);
                foreach (var (key, value) in obj)
                    if (key is not ("allOf" or "default")) unwrapped[key] = FromV3(value);
                return unwrapped;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                    copy[key] = key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var text)
                        && text.StartsWith(V3SchemaConverter.ComponentPrefix, StringComparison.Ordinal)
                        ? ApiSchema.RefPrefix + text[V3SchemaConverter.ComponentPrefix.Length..]
                        : FromV3(value);
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(FromV3)]);
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsWrappedRef(JsonObject obj) =>
        obj["allOf"] is JsonArray { Count: 1 } allOf && allOf[0] is JsonObject { Count: 1 } only && only["$ref"] is JsonValue;
}
