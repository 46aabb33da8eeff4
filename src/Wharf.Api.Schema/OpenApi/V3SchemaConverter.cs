using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Schema.Descriptions;

namespace Wharf.Api.Schema.OpenApi;

/// <summary>
/// Turns v2 definitions into OpenAPI v3 component schemas the way upstream serves them: refs point at
/// <c>#/components/schemas/…</c>; a ref with siblings (description, extensions) or to an object is wrapped as
/// <c>{"allOf":[{"$ref":…}]}</c>, objects with <c>"default":{}</c>; descriptions come from the client package.
/// </summary>
internal sealed class V3SchemaConverter(ApiSchema schema, SchemaDescriptions? descriptions)
{
    public const string ComponentPrefix = "#/components/schemas/";

    public static JsonObject Ref(string definitionName) => new() { ["$ref"] = ComponentPrefix + definitionName };

    /// <summary>A wrapped reference to an object definition, as upstream writes nested structs.</summary>
    public static JsonObject WrappedRef(string definitionName) =>
        new() { ["allOf"] = new JsonArray(Ref(definitionName)), ["default"] = new JsonObject() };

    public JsonObject ConvertDefinition(string definitionName)
    {
        var converted = (JsonObject)Convert(schema.GetDefinition(definitionName), definitionName, null);
        if (descriptions?.ForDefinition(definitionName) is { } text) converted["description"] = text;
        return converted;
    }

    /// <summary>Every definition reachable from <paramref name="roots"/> through <c>$ref</c>s, sorted.</summary>
    public SortedSet<string> Reachable(IEnumerable<string> roots)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name)) continue;
            CollectRefs(schema.GetDefinition(name), pending);
        }
        return seen;
    }

    private static void CollectRefs(JsonElement element, Stack<string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (ApiSchema.GetRefName(element) is { } name) into.Push(name);
                foreach (var property in element.EnumerateObject()) CollectRefs(property.Value, into);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) CollectRefs(item, into);
                break;
        }
    }

    private JsonNode Convert(JsonElement v2, string? owner, string? description)
    {
        if (ApiSchema.GetRefName(v2) is { } target) return ConvertRef(v2, target, description);

        var result = new JsonObject();
        foreach (var property in v2.EnumerateObject())
        {
            result[property.Name] = property.Name switch
            {
                "properties" => ConvertProperties(property.Value, owner),
                "items" => Convert(property.Value, null, null),
                "additionalProperties" when property.Value.ValueKind == JsonValueKind.Object => Convert(property.Value, null, null),
                _ => JsonNode.Parse(property.Value.GetRawText()),
            };
        }
        if (description is not null) result["description"] = description;
        return result;
    }

    private JsonObject ConvertProperties(JsonElement properties, string? owner)
    {
        var result = new JsonObject();
        foreach (var property in properties.EnumerateObject())
        {
            var text = owner is null ? null : descriptions?.ForProperty(owner, property.Name);
            result[property.Name] = Convert(property.Value, null, text);
        }
        return result;
    }

    private JsonNode ConvertRef(JsonElement v2, string target, string? description)
    {
        var isObject = schema.TryGetDefinition(target, out var definition)
            && definition.TryGetProperty("type", out var type) && type.GetString() == "object";
        var siblings = v2.EnumerateObject().Where(p => p.Name != "$ref").ToList();
        if (!isObject && siblings.Count == 0 && description is null) return Ref(target);

        var result = isObject ? WrappedRef(target) : new JsonObject { ["allOf"] = new JsonArray(Ref(target)) };
        foreach (var sibling in siblings) result[sibling.Name] = JsonNode.Parse(sibling.Value.GetRawText());
        if (description is not null) result["description"] = description;
        return result;
    }
}
