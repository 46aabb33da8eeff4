using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Strategic;

/// <summary>
/// Order of merged lists: items named by the patch (or <c>$setElementOrder</c>) keep the patch's relative order,
/// server-only items keep theirs, and the two are interleaved by their positions in the live list.
/// </summary>
internal static class ListOrdering
{
    /// <summary>The identity an item is matched by: its merge-key value for maps, the value itself for scalars.</summary>
    public static string? Identity(JsonNode? item, string mergeKey, ElementKind kind)
    {
        if (kind != ElementKind.Object)
        {
            return JsonNodes.Canonical(item);
        }

        return item is JsonObject obj && obj.TryGetPropertyValue(mergeKey, out var value) ? JsonNodes.Canonical(value) : null;
    }

    public static List<JsonNode?> Normalize(
        List<JsonNode?> patchItems,
        List<JsonNode?> serverOnly,
        JsonArray? patchOrder,
        JsonArray? serverOrder,
        string mergeKey,
        ElementKind kind)
    {
        var sortedPatch = SortBy(patchItems, patchOrder, mergeKey, kind);
        var sortedServer = SortBy(serverOnly, serverOrder, mergeKey, kind);
        return Interleave(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
    }

    /// <summary>Splits merged items into those present in <paramref name="by"/> and the rest, keeping order.</summary>
    public static (List<JsonNode?> Present, List<JsonNode?> Absent) Partition(
        IEnumerable<JsonNode?> merged,
        JsonArray? by,
        string mergeKey)
    {
        var present = new List<JsonNode?>();
        var absent = new List<JsonNode?>();
        if (mergeKey.Length == 0)
        {
            var keys = new HashSet<string>((by ?? []).Select(JsonNodes.Canonical), StringComparer.Ordinal);
            foreach (var item in merged)
            {
                (keys.Contains(JsonNodes.Canonical(item)) ? present : absent).Add(item);
            }

            return (present, absent);
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in by ?? [])
        {
            if (candidate is not JsonObject obj)
            {
                throw StrategicErrors.Generic("value for key is not a map");
            }

            if (obj.TryGetPropertyValue(mergeKey, out var v))
            {
                wanted.Add(JsonNodes.Canonical(v));
            }
        }

        foreach (var item in merged)
        {
            if (item is not JsonObject obj)
            {
                throw StrategicErrors.BadArgType("map[string]interface {}", item);
            }

            if (!obj.TryGetPropertyValue(mergeKey, out var value))
            {
                throw StrategicErrors.NoMergeKey(obj, mergeKey);
            }

            (wanted.Contains(JsonNodes.Canonical(value)) ? present : absent).Add(item);
        }

        return (present, absent);
    }

    private static List<JsonNode?> SortBy(List<JsonNode?> items, JsonArray? order, string mergeKey, ElementKind kind)
    {
        var toDelete = new List<JsonNode?>();
        var toSort = items;
        if (kind == ElementKind.Object)
        {
            RequireMergeKeys(mergeKey, items);
            RequireMergeKeys(mergeKey, order);
            toSort = items.Where(i => !IsDeleteDirective(i)).ToList();
            toDelete = items.Where(IsDeleteDirective).ToList();
        }

        var positions = PositionsOf(order, mergeKey, kind);
        var sorted = toSort
            .Select((item, i) => (item, i, pos: positions.TryGetValue(Identity(item, mergeKey, kind) ?? string.Empty, out var p) ? p : int.MaxValue))
            .OrderBy(t => t.pos)
            .ThenBy(t => t.i)
            .Select(t => t.item)
            .ToList();
        sorted.AddRange(toDelete);
        return sorted;
    }

    /// <summary>Inserts each left (server-only) item before the first right item that follows it in the live order.</summary>
    private static List<JsonNode?> Interleave(
        List<JsonNode?> left,
        List<JsonNode?> right,
        JsonArray? serverOrder,
        string mergeKey,
        ElementKind kind)
    {
        var positions = PositionsOf(serverOrder, mergeKey, kind);
        int? Position(JsonNode? item) =>
            positions.TryGetValue(Identity(item, mergeKey, kind) ?? string.Empty, out var p) ? p : null;

        var result = new List<JsonNode?>(left.Count + right.Count);
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            if (i >= left.Count)
            {
                result.Add(right[j++]);
            }
            else if (j >= right.Count)
            {
                result.Add(left[i++]);
            }
            else if (Position(left[i]) is { } li && Position(right[j]) is { } ri && li < ri)
            {
                result.Add(left[i++]);
            }
            else
            {
                result.Add(right[j++]);
            }
        }

        return result;
    }

    private static Dictionary<string, int> PositionsOf(JsonArray? order, string mergeKey, ElementKind kind)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        if (order is null)
        {
            return positions;
        }

        for (var i = 0; i < order.Count; i++)
        {
            positions.TryAdd(Identity(order[i], mergeKey, kind) ?? string.Empty, i);
        }

        return positions;
    }

    private static bool IsDeleteDirective(JsonNode? item) =>
        item is JsonObject obj && obj[StrategicDirectives.Patch] is JsonValue v
        && v.TryGetValue<string>(out var s) && s == StrategicDirectives.Delete;

    private static void RequireMergeKeys(string mergeKey, IEnumerable<JsonNode?>? items)
    {
        foreach (var item in items ?? [])
        {
            if (item is not JsonObject obj)
            {
                throw StrategicErrors.BadArgType("map[string]interface {}", item);
            }

            if (!obj.ContainsKey(mergeKey))
            {
                throw StrategicErrors.NoMergeKey(obj, mergeKey);
            }
        }
    }
}
