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
    /// <param name="noExecute">Whether the NoExecute taint may be set now: halted when every node is down (upstream's
    /// master disruption mode: the control plane more likely lost the nodes than the nodes died, so pods stay), deferred
    /// while the zone's eviction rate is used up (a taint the node has is kept or swapped, none is added).</param>
    public static IReadOnlySet<(string Key, string Effect)> Desired(JsonObject node, NoExecuteMode noExecute)
    {
        var desired = new HashSet<(string, string)>();
        foreach (var (condition, status, taint) in ByCondition)
        {
            if (NodeConditions.Status(node, condition) == status) desired.Add((taint, Taints.NoSchedule));
        }
        if (node["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var unschedulable) && unschedulable)
            desired.Add((Taints.Unschedulable, Taints.NoSchedule));
        if (noExecute != NoExecuteMode.Halted && NoExecuteFor(node) is { } noExecuteTaint
            && (noExecute == NoExecuteMode.Allowed || HasNoExecute(node)))
            desired.Add((noExecuteTaint, Taints.NoExecute));
        return desired;
    }

    /// <summary>Whether the node's Ready condition calls for a NoExecute taint it does not carry yet.</summary>
    public static bool WantsNewNoExecute(JsonObject node) => NoExecuteFor(node) is not null && !HasNoExecute(node);

    /// <summary>
    /// The node's new spec.taints, or null when they are already right. Kept taints keep their timeAdded; added
    /// NoExecute taints get <paramref name="now"/>.
    /// </summary>
    public static JsonArray? Plan(JsonObject node, NoExecuteMode noExecute, DateTimeOffset now)
    {
        var desired = Desired(node, noExecute);
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

    private static string? NoExecuteFor(JsonObject node) => NodeConditions.Status(node, NodeConditions.Ready) switch
    {
        "False" => Taints.NotReady,
        "Unknown" => Taints.Unreachable,
        _ => null,
    };

    private static bool HasNoExecute(JsonObject node) =>
        Taints.Of(node).Any(t => t["effect"].Str() == Taints.NoExecute && t["key"].Str() is Taints.NotReady or Taints.Unreachable);

    private static (string, string) Key(JsonObject taint) => (taint["key"].Str() ?? "", taint["effect"].Str() ?? "");
}
