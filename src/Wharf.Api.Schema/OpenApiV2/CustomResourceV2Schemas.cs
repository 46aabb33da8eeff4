using System.Text.Json.Nodes;
using Wharf.Api.Schema.OpenApi;

namespace Wharf.Api.Schema.OpenApiV2;

/// <summary>
/// A custom resource's definitions for swagger 2.0. Upstream publishes a reduced form of the structural schema,
/// because kubectl's client-side v2 validation rejects what it cannot express: the v3-only keywords go
/// (<c>nullable</c>, <c>oneOf</c>, <c>anyOf</c>, <c>not</c>, <c>allOf</c>), a nullable node becomes untyped,
/// a node that keeps unknown fields loses its properties and items (or kubectl would flag unknown fields), and an
/// array left without items loses its type (kubectl needs exactly one item schema).
/// </summary>
internal static class CustomResourceV2Schemas
{
    private static readonly string[] V3OnlyKeywords = ["nullable", "oneOf", "anyOf", "not", "allOf"];

    public static JsonObject Kind(ServedResource resource) => Reduce((JsonObject)V2Refs.FromV3(CustomResourceSchemas.Kind(resource))!);

    public static JsonObject List(ServedResource resource) => Reduce((JsonObject)V2Refs.FromV3(CustomResourceSchemas.List(resource))!);

    private static JsonObject Reduce(JsonObject schema)
    {
        if (schema["$ref"] is not null) return schema;
        if (schema["properties"] is JsonObject properties && schema["required"] is JsonArray required)
        {
            // A nullable field may be sent as null, which v2 validation would count as missing.
            var kept = required.Where(r => properties[(string)r!] is not JsonObject p || p["nullable"]?.GetValue<bool>() != true).Select(r => r!.DeepClone());
            schema["required"] = new JsonArray([.. kept]);
            if (((JsonArray)schema["required"]!).Count == 0) schema.Remove("required");
        }

        var nullable = schema["nullable"]?.GetValue<bool>() == true;
        var preserveUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        foreach (var keyword in V3OnlyKeywords) schema.Remove(keyword);
        if (nullable)
        {
            schema.Remove("type");
            schema.Remove("additionalProperties");
        }
        if (nullable || preserveUnknown)
        {
            schema.Remove("properties");
            schema.Remove("items");
        }
        if (schema["type"]?.GetValue<string>() == "array" && schema["items"] is null) schema.Remove("type");

        if (schema["properties"] is JsonObject children)
            foreach (var (_, child) in children)
                if (child is JsonObject childSchema) Reduce(childSchema);
        if (schema["items"] is JsonObject items) Reduce(items);
        if (schema["additionalProperties"] is JsonObject values) Reduce(values);
        return schema;
    }
}
