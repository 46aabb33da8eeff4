using System.Text.Json.Nodes;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>
/// The taints the node lifecycle controller owns and what they should be for a node's conditions: NoSchedule taints
/// by condition (upstream's TaintNodesByCondition, plus unschedulable for spec.unschedulable) and the not-ready or
/// unreachable NoExecute taint that drives taint eviction. Taints of other keys or effects are never touched.
/// </summary>
public static class NodeTaintPlanner
{
    /// <summary>(condition, status) → the NoSchedule taint key it calls for.</summary>
    private static readonly (string Condition, string Status, string Taint)[] ByCondition =
    [
        (NodeConditions.Ready, "False", Taints.NotReady),
        (NodeConditions.Ready, "Unknown", Taints.Unreachable),
        (NodeConditions.MemoryPressure, "True", Taints.MemoryPressure),
        (NodeConditions.DiskPressure, "True", Taints.DiskPressure),
        (NodeConditions.NetworkUnavailable, "True", Taints.NetworkUnavailable),
        (NodeConditions.PidPressure, "True", Taints.PidPressure),
    ];

    private static readonly HashSet<(string Key, string Effect)> Owned =
    [
        .. ByCondition.Select(c => (c.Taint, Taints.NoSchedule)),
        (Taints.Unschedulable, Taints.NoSchedule),
        (Taints.NotReady, Taints.NoExecute),
        (Taints.Unreachable, Taints.NoExecute),
    ];

    /// <summary>The owned taints the node should carry.</summary>
    /// <param name="evictionsHalted">Every node is down (upstream's master disruption mode): the control plane more
    /// likely lost the nodes than the nodes died, so no NoExecute taint is set and pods stay.</param>
    public static IReadOnlySet<(string Key, string Effect)> Desired(JsonObject node, bool evictionsHalted)
    {
        var desired = new HashSet<(string, string)>();
        foreach (var (condition, status, taint) in ByCondition)
        {
            if (NodeConditions.Status(node, condition) == status) desired.Add((taint, Taints.NoSchedule));
        }
        if (node["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var unschedulable) && unschedulable)
            desired.Add((Taints.Unschedulable, Taints.NoSchedule));
        if (!evictionsHalted)
        {
            var noExecute = NodeConditions.Status(node, NodeConditions.Ready) switch
            {
                "False" => Taints.NotReady,
                "Unknown" => Taints.Unreachable,
                _ => null,
            };
            if (noExecute is not null) desired.Add((noExecute, Taints.NoExecute));
        }
        return desired;
    }

    /// <summary>
    /// The node's new spec.taints, or null when they are already right. Kept taints keep their timeAdded; added
    /// NoExecute taints get <paramref name="now"/>.
    /// </summary>
    public static JsonArray? Plan(JsonObject node, bool evictionsHalted, DateTimeOffset now)
    {
        var desired = Desired(node, evictionsHalted);
        var current = Taints.Of(node);
        var kept = current.Where(t => !Owned.Contains(Key(t)) || desired.Contains(Key(t))).ToList();
        var present = kept.Select(Key).ToHashSet();
        var added = desired.Where(d => !present.Contains(d))
            .OrderBy(d => d.Effect, StringComparer.Ordinal).ThenBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => Taints.New(d.Key, d.Effect, d.Effect == Taints.NoExecute ? now : null))
            .ToList();
        if (added.Count == 0 && kept.Count == current.Count) return null;
        return [.. kept.Select(t => t.DeepClone()), .. added];
    }

    private static (string, string) Key(JsonObject taint) => (taint["key"].Str() ?? "", taint["effect"].Str() ?? "");
}
