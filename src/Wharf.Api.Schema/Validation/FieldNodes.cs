using System.Collections.Concurrent;
using System.Text.Json;

namespace Wharf.Api.Schema.Validation;

/// <summary>
/// Builds the <see cref="FieldNode"/> tree of a definition once and keeps it: <c>$ref</c>s are followed at build
/// time (recursive types such as JSONSchemaProps share the node of their definition), so a request's check looks
/// fields up in dictionaries instead of searching schema documents.
/// </summary>
internal sealed class FieldNodes(ApiSchema schema)
{
    private readonly ConcurrentDictionary<string, FieldNode> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldNode> _byDefinition = new(StringComparer.Ordinal);
    private readonly Lock _building = new();

    public FieldNode For(string definitionName)
    {
        if (_roots.TryGetValue(definitionName, out var root)) return root;
        lock (_building)
        {
            // A node is published only once every node it reaches is complete.
            root = Build(schema.GetDefinition(definitionName), definitionName);
            return _roots.GetOrAdd(definitionName, root);
        }
    }

    private FieldNode Build(JsonElement fieldSchema, string? definitionName = null)
    {
        var resolved = schema.Resolve(fieldSchema, out var followed);
        definitionName = followed ?? definitionName;
        if (definitionName is not null && _byDefinition.TryGetValue(definitionName, out var known)) return known;
        var node = new FieldNode();
        if (definitionName is not null) _byDefinition[definitionName] = node;
        if (resolved.ValueKind != JsonValueKind.Object) return node;
        if (resolved.TryGetProperty("properties", out var properties))
        {
            node.ListProperties();
            foreach (var property in properties.EnumerateObject())
                node.AddProperty(property.Name, Build(property.Value));
        }
        else if (resolved.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            node.SetMapValues(Build(values));
        }
        if (resolved.TryGetProperty("items", out var items))
            node.SetItems(Build(items));
        return node;
    }
}
