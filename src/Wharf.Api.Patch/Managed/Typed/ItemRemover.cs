using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>
/// Upstream's RemoveItems: a copy of a value without the paths in a set. A map or list emptied by the removal
/// disappears from its parent (upstream yields null there, which its typed round trip then omits).
/// </summary>
internal static class ItemRemover
{
    public static JsonNode? Remove(JsonNode? value, FieldSet toRemove, SchemaNode? schema) =>
        Walk(value, toRemove, schema, out _) ?? (value is JsonObject ? new JsonObject() : null);

    private static JsonNode? Walk(JsonNode? value, FieldSet toRemove, SchemaNode? schema, out bool emptied)
    {
        emptied = false;
        switch (TypedShape.Resolve(schema, value))
        {
            case ShapeKind.Map:
                var map = (JsonObject)value!;
                var outMap = new JsonObject();
                foreach (var (key, child) in map)
                {
                    var element = PathElement.Field(key);
                    if (toRemove.HasMember(element))
                    {
                        continue;
                    }

                    var sub = toRemove.Child(element);
                    if (sub.IsEmpty)
                    {
                        outMap[key] = JsonNodes.Clone(child);
                        continue;
                    }

                    var kept = Walk(child, sub, schema?.Field(key), out var childEmptied);
                    if (!childEmptied)
                    {
                        outMap[key] = kept;
                    }
                }

                emptied = map.Count > 0 && outMap.Count == 0;
                return outMap;
            case ShapeKind.List:
                var list = (JsonArray)value!;
                TypedShape.TryIndex(schema, list, out var elements, out _);
                var outList = new JsonArray();
                for (var i = 0; i < list.Count; i++)
                {
                    if (toRemove.HasMember(elements[i]))
                    {
                        continue;
                    }

                    var sub = toRemove.Child(elements[i]);
                    outList.Add(sub.IsEmpty ? JsonNodes.Clone(list[i]) : Walk(list[i], sub, schema?.Items, out _));
                }

                emptied = list.Count > 0 && outList.Count == 0;
                return outList;
            default:
                return JsonNodes.Clone(value);
        }
    }
}
