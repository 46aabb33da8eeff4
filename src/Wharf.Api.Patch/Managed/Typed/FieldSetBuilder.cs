using System.Text.Json.Nodes;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>
/// The fields an object sets (upstream's ToFieldSet): leaves, list items, and map entries that are not declared
/// struct fields or are null/empty. Declared struct fields with content are implied by their children.
/// </summary>
internal static class FieldSetBuilder
{
    public static FieldSet Build(JsonNode? value, SchemaNode? schema)
    {
        var set = new FieldSet();
        Walk(set, [], value, schema);
        return set;
    }

    private static void Walk(FieldSet set, List<PathElement> path, JsonNode? value, SchemaNode? schema)
    {
        switch (TypedShape.Resolve(schema, value))
        {
            case ShapeKind.Leaf:
                set.Insert(path);
                return;
            case ShapeKind.Map:
                foreach (var (key, child) in (JsonObject)value!)
                {
                    var element = PathElement.Field(key);
                    path.Add(element);
                    Walk(set, path, child, schema?.Field(key));
                    if (child is null || child is JsonObject { Count: 0 } || !TypedShape.IsDeclaredField(schema, key))
                    {
                        set.Insert(path);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                return;
            case ShapeKind.List:
                var list = (JsonArray)value!;
                TypedShape.TryIndex(schema, list, out var elements, out _);
                var counts = elements.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
                for (var i = 0; i < list.Count; i++)
                {
                    path.Add(elements[i]);
                    if (counts[elements[i]] == 1)
                    {
                        Walk(set, path, list[i], schema?.Items);
                    }

                    // Duplicated items are owned as a whole, never descended into.
                    set.Insert(path);
                    path.RemoveAt(path.Count - 1);
                }

                return;
        }
    }
}
