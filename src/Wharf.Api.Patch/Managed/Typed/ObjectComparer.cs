using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>Upstream's typed Compare: which field paths were added, removed or changed from lhs to rhs.</summary>
internal static class ObjectComparer
{
    public static Comparison Compare(JsonNode? lhs, JsonNode? rhs, SchemaNode? schema)
    {
        var result = new Comparison();
        Walk(result, [], lhs, true, rhs, true, schema);
        return result;
    }

    private static void Walk(Comparison result, List<PathElement> path, JsonNode? lhs, bool hasLhs, JsonNode? rhs, bool hasRhs, SchemaNode? schema)
    {
        var shape = TypedShape.Resolve(schema, lhs, rhs);
        if (shape != ShapeKind.Leaf && IsEmpty(lhs) && IsEmpty(rhs))
        {
            shape = ShapeKind.Leaf;
        }

        switch (shape)
        {
            case ShapeKind.Leaf:
                if (!hasLhs)
                {
                    result.Added.Insert(path);
                }
                else if (!hasRhs)
                {
                    result.Removed.Insert(path);
                }
                else if (!JsonNodes.DeepEquals(lhs, rhs))
                {
                    result.Modified.Insert(path);
                }

                return;
            case ShapeKind.Map:
                WalkMap(result, path, lhs as JsonObject, rhs as JsonObject, schema);
                break;
            case ShapeKind.List:
                WalkList(result, path, lhs as JsonArray, rhs as JsonArray, schema);
                break;
        }

        if (!hasLhs)
        {
            result.Added.Insert(path);
        }
        else if (!hasRhs)
        {
            result.Removed.Insert(path);
        }
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        _ => false,
    };

    private static void WalkMap(Comparison result, List<PathElement> path, JsonObject? lhs, JsonObject? rhs, SchemaNode? schema)
    {
        var keys = (lhs?.Select(p => p.Key) ?? []).Concat(rhs?.Select(p => p.Key) ?? []).Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            JsonNode? l = null, r = null;
            var hasL = lhs?.TryGetPropertyValue(key, out l) == true;
            var hasR = rhs?.TryGetPropertyValue(key, out r) == true;
            path.Add(PathElement.Field(key));
            Walk(result, path, l, hasL, r, hasR, schema?.Field(key));
            path.RemoveAt(path.Count - 1);
        }
    }

    private static void WalkList(Comparison result, List<PathElement> path, JsonArray? lhs, JsonArray? rhs, SchemaNode? schema)
    {
        TypedShape.TryIndex(schema, lhs, out var lKeys, out _);
        TypedShape.TryIndex(schema, rhs, out var rKeys, out _);
        var lValues = Group(lKeys, lhs);
        var rValues = Group(rKeys, rhs);
        foreach (var element in lKeys.Concat(rKeys).Distinct())
        {
            var lList = lValues.GetValueOrDefault(element) ?? [];
            var rList = rValues.GetValueOrDefault(element) ?? [];
            path.Add(element);
            if (lList.Count <= 1 && rList.Count <= 1)
            {
                Walk(result, path, lList.FirstOrDefault(), lList.Count == 1, rList.FirstOrDefault(), rList.Count == 1, schema?.Items);
            }
            else if (lList.Count >= 2 && rList.Count >= 2)
            {
                if (!lList.SequenceEqual(rList, JsonNodeComparer.Instance))
                {
                    result.Modified.Insert(path);
                }
            }
            else if (lList.Count >= 2)
            {
                if (rList.Count != 0)
                {
                    Walk(result, path, null, false, rList[0], true, schema?.Items);
                }

                result.Removed.Insert(path);
            }
            else
            {
                if (lList.Count != 0)
                {
                    Walk(result, path, lList[0], true, null, false, schema?.Items);
                }

                result.Added.Insert(path);
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    private static Dictionary<PathElement, List<JsonNode?>> Group(List<PathElement> keys, JsonArray? list)
    {
        var groups = new Dictionary<PathElement, List<JsonNode?>>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (!groups.TryGetValue(keys[i], out var items))
            {
                groups[keys[i]] = items = [];
            }

            items.Add(list![i]);
        }

        return groups;
    }
}
