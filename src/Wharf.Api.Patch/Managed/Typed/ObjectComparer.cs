using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>
/// Upstream's typed Compare: which field paths were added, removed or changed from lhs to rhs. Runs on every tracked
/// update, so it skips what cannot contribute: members present and equal on both sides (nothing below them can be
/// added, removed or modified) and the fields a manager ignores (they would be removed from the result anyway).
/// </summary>
internal static class ObjectComparer
{
    /// <param name="ignored">Paths left out of the result with everything below them (as <see cref="Comparison.Excluding"/> does).</param>
    public static Comparison Compare(JsonNode? lhs, JsonNode? rhs, SchemaNode? schema, FieldSet? ignored = null)
    {
        var result = new Comparison();
        Walk(result, [], lhs, true, rhs, true, schema, ignored);
        return ignored is null ? result : result.Excluding(ignored);
    }

    private static void Walk(Comparison result, List<PathElement> path, JsonNode? lhs, bool hasLhs, JsonNode? rhs, bool hasRhs, SchemaNode? schema, FieldSet? ignored)
    {
        var shape = TypedShape.Resolve(schema, lhs, rhs, out var lKeys, out var rKeys);
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
                WalkMap(result, path, lhs as JsonObject, rhs as JsonObject, schema, ignored);
                break;
            case ShapeKind.List:
                WalkList(result, path, lhs as JsonArray, lKeys!, rhs as JsonArray, rKeys!, schema, ignored);
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

    private static void WalkMap(Comparison result, List<PathElement> path, JsonObject? lhs, JsonObject? rhs, SchemaNode? schema, FieldSet? ignored)
    {
        // By index: an object's enumerator is a new object per call, and every map of both objects is walked.
        if (lhs is not null)
        {
            for (var i = 0; i < lhs.Count; i++)
            {
                var (key, l) = lhs.GetAt(i);
                JsonNode? r = null;
                var hasR = rhs?.TryGetPropertyValue(key, out r) == true;
                Member(result, path, key, l, true, r, hasR, schema, ignored);
            }
        }

        if (rhs is not null)
        {
            for (var i = 0; i < rhs.Count; i++)
            {
                var (key, r) = rhs.GetAt(i);
                if (lhs?.ContainsKey(key) != true)
                {
                    Member(result, path, key, null, false, r, true, schema, ignored);
                }
            }
        }
    }

    private static void Member(Comparison result, List<PathElement> path, string key, JsonNode? l, bool hasL, JsonNode? r, bool hasR, SchemaNode? schema, FieldSet? ignored)
    {
        var element = PathElement.Field(key);
        if (ignored is not null && ignored.HasMember(element))
        {
            return;
        }

        // Equal members hold no difference; one with ignored paths below is walked instead of compared whole, as
        // those paths (metadata.managedFields, which both sides of an update may carry) can be most of it.
        var ignoredBelow = ignored?.ChildOrNull(element);
        if (hasL && hasR && ignoredBelow is null && JsonNodes.DeepEquals(l, r))
        {
            return;
        }

        path.Add(element);
        Walk(result, path, l, hasL, r, hasR, schema?.Field(key), ignoredBelow);
        path.RemoveAt(path.Count - 1);
    }

    private static void WalkList(Comparison result, List<PathElement> path, JsonArray? lhs, List<PathElement> lKeys, JsonArray? rhs, List<PathElement> rKeys,
        SchemaNode? schema, FieldSet? ignored)
    {
        var lValues = Group(lKeys, lhs);
        var rValues = Group(rKeys, rhs);
        foreach (var element in lKeys.Concat(rKeys).Distinct())
        {
            if (ignored is not null && ignored.HasMember(element))
            {
                continue;
            }

            var lList = lValues.GetValueOrDefault(element) ?? [];
            var rList = rValues.GetValueOrDefault(element) ?? [];
            path.Add(element);
            if (lList.Count <= 1 && rList.Count <= 1)
            {
                if (lList.Count == 0 || rList.Count == 0 || !JsonNodes.DeepEquals(lList[0], rList[0]))
                {
                    Walk(result, path, lList.FirstOrDefault(), lList.Count == 1, rList.FirstOrDefault(), rList.Count == 1, schema?.Items, ignored?.ChildOrNull(element));
                }
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
                    Walk(result, path, null, false, rList[0], true, schema?.Items, ignored?.ChildOrNull(element));
                }

                result.Removed.Insert(path);
            }
            else
            {
                if (lList.Count != 0)
                {
                    Walk(result, path, lList[0], true, null, false, schema?.Items, ignored?.ChildOrNull(element));
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
