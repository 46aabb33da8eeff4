using System.Text.Json.Nodes;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Tells a pod update that is only the worker's own status post coming back through the watch: spec and metadata
/// unchanged (apart from resourceVersion and managedFields, which every write moves), and every status field either
/// what the worker posted or what it was before. Anything else (labels, a deletion, a condition another component
/// set) is a real change.
/// </summary>
internal static class OwnStatusEcho
{
    private static readonly HashSet<string> WriteBookkeeping = new(StringComparer.Ordinal) { "resourceVersion", "managedFields" };

    public static bool Is(JsonObject synced, JsonObject current, JsonObject? posted)
    {
        if (posted is null || ReferenceEquals(synced, current))
            return posted is not null;
        if (!JsonNode.DeepEquals(synced["spec"], current["spec"]))
            return false;
        if (!SameExcept(synced["metadata"] as JsonObject, current["metadata"] as JsonObject, WriteBookkeeping))
            return false;
        var before = synced["status"] as JsonObject ?? new JsonObject();
        var after = current["status"] as JsonObject ?? new JsonObject();
        foreach (var name in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            var expected = posted.TryGetPropertyValue(name, out var mine) ? mine : before[name];
            if (!JsonNode.DeepEquals(expected, after[name]))
                return false;
        }
        return true;
    }

    private static bool SameExcept(JsonObject? a, JsonObject? b, HashSet<string> ignored)
    {
        if (a is null || b is null)
            return a is null && b is null;
        var names = a.Select(p => p.Key).Union(b.Select(p => p.Key)).Where(n => !ignored.Contains(n));
        return names.All(n => JsonNode.DeepEquals(a[n], b[n]));
    }
}
