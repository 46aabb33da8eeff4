using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Strategic;

/// <summary>Tree surgery helpers shared by the strategic merge steps.</summary>
internal static class PatchValues
{
    /// <summary>
    /// A node safe to attach under a new parent. Nodes still hanging in the patch tree are cloned rather than
    /// detached so that iteration over their old parent is never disturbed.
    /// </summary>
    public static JsonNode? Own(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();

    /// <summary>Sets a member unless it already holds exactly this node.</summary>
    public static void Set(JsonObject target, string key, JsonNode? value)
    {
        if (target.TryGetPropertyValue(key, out var current) && ReferenceEquals(current, value))
        {
            return;
        }

        target[key] = Own(value);
    }

    /// <summary>
    /// A patch value added where the original had nothing: nulls dropped (upstream's IgnoreUnmatchedNulls), maps
    /// carrying <c>$patch</c> dropped, and other directive keys stripped because they would otherwise end up stored.
    /// Returns false when the value itself is a directive and must not be kept.
    /// </summary>
    public static bool TryClean(JsonNode? value, out JsonNode? cleaned)
    {
        switch (value)
        {
            case JsonObject obj:
                if (obj.ContainsKey(StrategicDirectives.Patch))
                {
                    cleaned = null;
                    return false;
                }

                var outObj = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    if (child is null || StrategicDirectives.IsDirectiveKey(key))
                    {
                        continue;
                    }

                    if (TryClean(child, out var c))
                    {
                        outObj[key] = c;
                    }
                }

                cleaned = outObj;
                return true;
            case JsonArray arr:
                cleaned = CleanList(arr);
                return true;
            default:
                cleaned = value?.DeepClone();
                return true;
        }
    }

    public static JsonArray CleanList(JsonArray arr)
    {
        var outArr = new JsonArray();
        foreach (var child in arr)
        {
            if (TryClean(child, out var c))
            {
                outArr.Add(c);
            }
        }

        return outArr;
    }

    /// <summary>Removes directive keys left anywhere in a merged result (e.g. inside a <c>$patch: replace</c> map).</summary>
    public static void StripDirectiveKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).Where(StrategicDirectives.IsDirectiveKey).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, child) in obj)
                {
                    StripDirectiveKeys(child);
                }

                break;
            case JsonArray arr:
                foreach (var child in arr)
                {
                    StripDirectiveKeys(child);
                }

                break;
        }
    }
}
