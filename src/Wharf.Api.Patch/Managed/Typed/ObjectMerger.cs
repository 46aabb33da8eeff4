using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>
/// Upstream's typed Merge used by apply: rhs wins on leaves, maps merge key by key, keyed/set lists merge item by
/// item keeping rhs order with lhs-only items left at their places, atomic values are replaced whole.
/// </summary>
internal static class ObjectMerger
{
    public static JsonNode? Merge(JsonNode? lhs, JsonNode? rhs, SchemaNode? schema) =>
        Walk(lhs, true, rhs, true, schema);

    private static JsonNode? Walk(JsonNode? lhs, bool hasLhs, JsonNode? rhs, bool hasRhs, SchemaNode? schema)
    {
        var shape = TypedShape.Resolve(schema, hasLhs ? lhs : null, hasRhs ? rhs : null);
        if (shape == ShapeKind.Leaf || (IsEmpty(lhs) && IsEmpty(rhs)))
        {
            return JsonNodes.Clone(hasRhs ? rhs : lhs);
        }

        return shape == ShapeKind.Map
            ? MergeMap(lhs as JsonObject, rhs as JsonObject, schema)
            : MergeList(lhs as JsonArray, rhs as JsonArray, schema);
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        _ => false,
    };

    private static JsonObject MergeMap(JsonObject? lhs, JsonObject? rhs, SchemaNode? schema)
    {
        var result = new JsonObject();
        var keys = (lhs?.Select(p => p.Key) ?? []).Concat(rhs?.Select(p => p.Key) ?? []).Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            JsonNode? l = null, r = null;
            var hasL = lhs?.TryGetPropertyValue(key, out l) == true;
            var hasR = rhs?.TryGetPropertyValue(key, out r) == true;
            result[key] = Walk(l, hasL, r, hasR, schema?.Field(key));
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? lhs, JsonArray? rhs, SchemaNode? schema)
    {
        TypedShape.TryIndex(schema, lhs, out var lKeys, out _);
        TypedShape.TryIndex(schema, rhs, out var rKeys, out _);
        var observedL = Observe(lKeys, lhs, markDuplicates: true);
        var observedR = Observe(rKeys, rhs, markDuplicates: false);
        var items = schema?.Items;
        var output = new JsonArray();

        var shared = new Queue<PathElement>(rKeys.Where(observedL.ContainsKey));
        var nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        var mergedR = new HashSet<PathElement>();

        void Emit(PathElement element, JsonNode? lChild, bool hasL)
        {
            mergedR.Add(element);
            output.Add(Walk(lChild, hasL, observedR[element].Value, true, items));
        }

        int li = 0, ri = 0;
        while (li < lKeys.Count || ri < rKeys.Count)
        {
            if (li < lKeys.Count && ri < rKeys.Count)
            {
                var pe = lKeys[li];
                if (pe.Equals(rKeys[ri]))
                {
                    Emit(pe, observedL[pe].Value, true);
                    li++;
                    ri++;
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                    continue;
                }

                // A shared item out of place on the left waits for its turn in the right order.
                if (observedR.ContainsKey(pe) && nextShared is not null && !nextShared.Equals(pe))
                {
                    li++;
                    continue;
                }
            }

            if (li < lKeys.Count)
            {
                var pe = lKeys[li];
                if (!observedR.ContainsKey(pe))
                {
                    output.Add(Walk(lhs![li], true, null, false, items));
                    li++;
                    continue;
                }

                if (mergedR.Contains(pe))
                {
                    li++;
                }
            }

            if (ri < rKeys.Count)
            {
                var pe = rKeys[ri];
                var hasL = observedL.TryGetValue(pe, out var lChild);
                Emit(pe, lChild.Value, hasL);
                ri++;
                if (nextShared is not null && nextShared.Equals(pe))
                {
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                }
            }
        }

        return output;
    }

    /// <summary>First value per key; a duplicated left key maps to null so the right item replaces both.</summary>
    private static Dictionary<PathElement, (JsonNode? Value, bool Duplicate)> Observe(List<PathElement> keys, JsonArray? list, bool markDuplicates)
    {
        var observed = new Dictionary<PathElement, (JsonNode?, bool)>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (!observed.ContainsKey(keys[i]))
            {
                observed[keys[i]] = (list![i], false);
            }
            else if (markDuplicates)
            {
                observed[keys[i]] = (null, true);
            }
        }

        return observed;
    }
}
