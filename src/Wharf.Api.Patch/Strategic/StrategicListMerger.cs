using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Strategic;

/// <summary>Merges one list field: by merge key for lists of maps, as a union for scalars, or replaced.</summary>
internal static class StrategicListMerger
{
    /// <summary>Upstream's mergeSliceHandler: only <c>merge</c> lists (and deletion lists) are merged, others replaced.</summary>
    public static JsonArray MergeField(
        JsonArray original,
        JsonArray patch,
        SchemaNode? field,
        string strategy,
        bool isDeleteList)
    {
        if (strategy == StrategicDirectives.Merge || isDeleteList)
        {
            return Merge(original, patch, field?.Items, field?.PatchMergeKey ?? string.Empty, isDeleteList);
        }

        return patch;
    }

    private static JsonArray Merge(JsonArray original, JsonArray patch, SchemaNode? items, string mergeKey, bool isDeleteList)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return original;
        }

        var kind = ElementKinds.OfElements(original, patch);
        List<JsonNode?> merged;
        var serverOrder = original;
        var patchOrder = patch;
        if (kind != ElementKind.Object)
        {
            if (isDeleteList)
            {
                return DeleteFrom(original, patch);
            }

            merged = Union(original, patch);
        }
        else
        {
            if (mergeKey.Length == 0)
            {
                throw StrategicErrors.Generic($"cannot merge lists without merge key for {items?.DefinitionName ?? "map"}");
            }

            (serverOrder, patchOrder) = ApplySpecialElements(original, patch, mergeKey);
            merged = MergeByKey(serverOrder, patchOrder, mergeKey, items);
        }

        var (patchItems, serverOnly) = ListOrdering.Partition(merged, patchOrder, mergeKey);
        return ToArray(ListOrdering.Normalize(patchItems, serverOnly, patchOrder, serverOrder, mergeKey, kind));
    }

    public static JsonArray ToArray(IEnumerable<JsonNode?> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(PatchValues.Own(item));
        }

        return array;
    }

    private static JsonArray DeleteFrom(JsonArray current, JsonArray toDelete)
    {
        var doomed = new HashSet<string>(toDelete.Select(JsonNodes.Canonical), StringComparer.Ordinal);
        return ToArray(current.Where(v => !doomed.Contains(JsonNodes.Canonical(v))).ToList());
    }

    private static List<JsonNode?> Union(JsonArray original, JsonArray patch)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return original.Concat(patch).Where(v => seen.Add(JsonNodes.Canonical(v))).ToList();
    }

    /// <summary>
    /// Handles <c>$patch</c> list items: <c>delete</c> drops live items with that key, <c>replace</c> makes the
    /// patch the whole list, <c>merge</c> is refused as upstream does.
    /// </summary>
    private static (JsonArray Original, JsonArray Patch) ApplySpecialElements(JsonArray original, JsonArray patch, string mergeKey)
    {
        var plain = new JsonArray();
        var replace = false;
        var survivors = original.ToList();
        foreach (var item in patch)
        {
            var map = (JsonObject)item!;
            if (!map.TryGetPropertyValue(StrategicDirectives.Patch, out var directive))
            {
                plain.Add(item!.DeepClone());
                continue;
            }

            switch (directive is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)
            {
                case StrategicDirectives.Delete:
                    if (!map.TryGetPropertyValue(mergeKey, out var key))
                    {
                        throw StrategicErrors.NoMergeKey(map, mergeKey);
                    }

                    survivors.RemoveAll(o => o is JsonObject om && om.TryGetPropertyValue(mergeKey, out var ok) && JsonNodes.DeepEquals(ok, key));
                    break;
                case StrategicDirectives.Replace:
                    replace = true;
                    break;
                case StrategicDirectives.Merge:
                    throw StrategicErrors.Generic("merging lists cannot yet be specified in the patch");
                default:
                    throw StrategicErrors.BadPatchType(directive, map);
            }
        }

        return replace ? (plain, new JsonArray()) : (ToArray(survivors), plain);
    }

    private static List<JsonNode?> MergeByKey(JsonArray original, JsonArray patch, string mergeKey, SchemaNode? items)
    {
        var result = original.ToList();
        foreach (var item in patch)
        {
            var map = (JsonObject)item!;
            if (!map.TryGetPropertyValue(mergeKey, out var key))
            {
                throw StrategicErrors.NoMergeKey(map, mergeKey);
            }

            var index = result.FindIndex(o => o is JsonObject om && om.TryGetPropertyValue(mergeKey, out var ok) && JsonNodes.DeepEquals(ok, key));
            if (index >= 0)
            {
                result[index] = StrategicMapMerger.Merge((JsonObject)result[index]!, map, items);
            }
            else if (PatchValues.TryClean(map, out var added))
            {
                result.Add(added);
            }
        }

        return result;
    }
}
