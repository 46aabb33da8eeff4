using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Strategic;

/// <summary>
/// Upstream's mergeMap: applies one patch map to one original map, honouring <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$setElementOrder</c> and <c>$deleteFromPrimitiveList</c>. Both arguments are private copies it may change.
/// </summary>
internal static class StrategicMapMerger
{
    public static JsonObject Merge(JsonObject? original, JsonObject patch, SchemaNode? schema)
    {
        if (patch.TryGetPropertyValue(StrategicDirectives.Patch, out var directive))
        {
            return MapDirective(directive, patch);
        }

        original ??= new JsonObject();
        ApplyRetainKeys(original, patch);
        ApplySetElementOrder(original, patch, schema);

        foreach (var (patchKey, patchValue) in patch.ToList())
        {
            var key = patchKey;
            var isDeleteList = patchKey.StartsWith(StrategicDirectives.DeleteFromPrimitiveListPrefix, StringComparison.Ordinal);
            if (isDeleteList)
            {
                key = StrategicDirectives.ExtractKey(patchKey, StrategicDirectives.DeleteFromPrimitiveListPrefix);
            }

            if (patchValue is null)
            {
                original.Remove(key);
                continue;
            }

            if (!original.TryGetPropertyValue(key, out var current) || ElementKinds.Of(current) != ElementKinds.Of(patchValue))
            {
                if (!isDeleteList)
                {
                    TakePatchValue(original, key, patchValue);
                }

                continue;
            }

            var field = schema?.Field(key);
            switch (current)
            {
                case JsonObject currentMap:
                    var mapStrategy = StrategyOf(field);
                    PatchValues.Set(original, key, mapStrategy == StrategicDirectives.Replace
                        ? patchValue
                        : Merge(currentMap, (JsonObject)patchValue, field));
                    break;
                case JsonArray currentList:
                    PatchValues.Set(original, key, StrategicListMerger.MergeField(
                        currentList, (JsonArray)patchValue, field, StrategyOf(field), isDeleteList));
                    break;
                default:
                    TakePatchValue(original, key, patchValue);
                    break;
            }
        }

        return original;
    }

    /// <summary>The non-retainKeys strategy of a field; upstream allows at most "retainKeys" plus one other.</summary>
    public static string StrategyOf(SchemaNode? field)
    {
        var strategies = field?.PatchStrategies ?? [];
        switch (strategies.Count)
        {
            case 0:
                return string.Empty;
            case 1:
                return strategies[0] == StrategicDirectives.RetainKeysStrategy ? string.Empty : strategies[0];
            case 2 when strategies[0] == StrategicDirectives.RetainKeysStrategy:
                return strategies[1];
            case 2 when strategies[1] == StrategicDirectives.RetainKeysStrategy:
                return strategies[0];
            default:
                throw StrategicErrors.Generic($"unexpected patch strategy: [{string.Join(" ", strategies)}]");
        }
    }

    private static void TakePatchValue(JsonObject original, string key, JsonNode patchValue)
    {
        if (PatchValues.TryClean(patchValue, out var cleaned))
        {
            original[key] = cleaned;
        }
        else
        {
            original.Remove(key);
        }
    }

    private static JsonObject MapDirective(JsonNode? directive, JsonObject patch)
    {
        switch (directive is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)
        {
            case StrategicDirectives.Replace:
                patch.Remove(StrategicDirectives.Patch);
                return patch;
            case StrategicDirectives.Delete:
                return new JsonObject();
            default:
                throw StrategicErrors.BadPatchType(directive, patch);
        }
    }

    /// <summary>Clears original keys missing from <c>$retainKeys</c>; every key the patch sets must be listed.</summary>
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(StrategicDirectives.RetainKeys, out var retain))
        {
            return;
        }

        patch.Remove(StrategicDirectives.RetainKeys);
        if (retain is not JsonArray list)
        {
            throw StrategicErrors.BadRetainKeys();
        }

        var keep = new HashSet<string>(list.Select(JsonNodes.Canonical), StringComparer.Ordinal);
        bool Kept(string key) => keep.Contains(JsonNodes.Canonical(JsonValue.Create(key)));
        foreach (var (key, value) in patch)
        {
            if (value is null
                || key.StartsWith(StrategicDirectives.DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                || key.StartsWith(StrategicDirectives.SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!Kept(key))
            {
                throw StrategicErrors.BadRetainKeys();
            }
        }

        foreach (var key in original.Select(p => p.Key).Where(k => !Kept(k)).ToList())
        {
            original.Remove(key);
        }
    }

    /// <summary>
    /// Processes each <c>$setElementOrder/field</c> together with its list: merges the list, then orders it by the
    /// directive (directive order, then patch order, then live order), as upstream's mergePatchIntoOriginal.
    /// </summary>
    private static void ApplySetElementOrder(JsonObject original, JsonObject patch, SchemaNode? schema)
    {
        foreach (var (directiveKey, directiveValue) in patch.ToList())
        {
            if (!directiveKey.StartsWith(StrategicDirectives.SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            patch.Remove(directiveKey);
            var order = directiveValue as JsonArray ?? throw StrategicErrors.BadArgType("[]interface {}", directiveValue);
            var key = StrategicDirectives.ExtractKey(directiveKey, StrategicDirectives.SetElementOrderPrefix);
            var originalList = ListOrNull(original, key);
            var patchList = ListOrNull(patch, key);
            var field = schema?.Field(key);
            var strategy = StrategyOf(field);
            var mergeKey = field?.PatchMergeKey ?? string.Empty;
            ValidateAgainstOrder(patchList, order, mergeKey);

            JsonArray merged;
            if (originalList is not null && patchList is null)
            {
                merged = originalList;
            }
            else if (originalList is null && patchList is not null)
            {
                merged = PatchValues.CleanList(patchList);
            }
            else if (originalList is not null && patchList is not null)
            {
                merged = StrategicListMerger.MergeField(originalList, patchList, field, strategy, isDeleteList: false);
            }
            else
            {
                continue;
            }

            var (listed, unlisted) = ListOrdering.Partition(merged, order, mergeKey);
            var kind = ElementKinds.OfElements(originalList, patchList);
            var ordered = ListOrdering.Normalize(listed, unlisted, order, originalList, mergeKey, kind);
            original[key] = StrategicListMerger.ToArray(ordered.Select(n => ReferenceEquals(n?.Parent, merged) ? n!.DeepClone() : n).ToList());
            patch.Remove(key);
        }
    }

    private static JsonArray? ListOrNull(JsonObject map, string key)
    {
        if (!map.TryGetPropertyValue(key, out var value))
        {
            return null;
        }

        return value as JsonArray ?? throw StrategicErrors.BadArgType("[]interface {}", value);
    }

    /// <summary>The patch list must name its items in the same relative order as <c>$setElementOrder</c>.</summary>
    private static void ValidateAgainstOrder(JsonArray? patchList, JsonArray order, string mergeKey)
    {
        if (order.Count == 0 || patchList is null || patchList.Count == 0)
        {
            return;
        }

        var items = patchList.ToList();
        if (mergeKey.Length > 0)
        {
            foreach (var item in items)
            {
                if (item is not JsonObject)
                {
                    throw StrategicErrors.BadArgType("map[string]interface {}", item);
                }
            }

            items = items.Where(i => !(i is JsonObject o && o[StrategicDirectives.Patch] is JsonValue v
                && v.TryGetValue<string>(out var s) && s == StrategicDirectives.Delete)).ToList();
        }

        int p = 0, o = 0;
        while (p < items.Count && o < order.Count)
        {
            if (items[p] is JsonObject m && m.ContainsKey(StrategicDirectives.Patch))
            {
                p++;
                continue;
            }

            if (SameItem(items[p], order[o], mergeKey))
            {
                p++;
            }

            o++;
        }

        if (p < items.Count)
        {
            throw StrategicErrors.Generic(
                $"The order in patch list:\n{JsonNodes.Describe(patchList)}\n doesn't match {StrategicDirectives.SetElementOrderPrefix} list:\n{JsonNodes.Describe(order)}\n");
        }
    }

    private static bool SameItem(JsonNode? left, JsonNode? right, string mergeKey)
    {
        if (mergeKey.Length == 0)
        {
            return JsonNodes.IsScalar(left) && JsonNodes.IsScalar(right) && JsonNodes.DeepEquals(left, right);
        }

        if (left is not JsonObject l)
        {
            throw StrategicErrors.BadArgType("map[string]interface {}", left);
        }

        if (right is not JsonObject r)
        {
            throw StrategicErrors.BadArgType("map[string]interface {}", right);
        }

        if (!l.TryGetPropertyValue(mergeKey, out var lv))
        {
            throw StrategicErrors.NoMergeKey(l, mergeKey);
        }

        if (!r.TryGetPropertyValue(mergeKey, out var rv))
        {
            throw StrategicErrors.NoMergeKey(r, mergeKey);
        }

        return JsonNodes.DeepEquals(lv, rv);
    }
}
