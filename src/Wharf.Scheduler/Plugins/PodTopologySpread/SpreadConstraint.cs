using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.PodTopologySpread;

/// <summary>A compiled topology spread constraint (selector already extended by matchLabelKeys).</summary>
internal sealed record SpreadConstraint(int MaxSkew, string TopologyKey, LabelSelector Selector, int MinDomains, bool HonorNodeAffinity, bool HonorNodeTaints)
{
    public const string HostnameKey = "kubernetes.io/hostname";
    public const string ZoneKey = "topology.kubernetes.io/zone";

    /// <summary>Upstream's cluster-level defaults for pods without constraints: 3 per host, 5 per zone, both soft.</summary>
    public static readonly IReadOnlyList<V1TopologySpreadConstraint> SystemDefaults =
    [
        new() { MaxSkew = 3, TopologyKey = HostnameKey, WhenUnsatisfiable = "ScheduleAnyway" },
        new() { MaxSkew = 5, TopologyKey = ZoneKey, WhenUnsatisfiable = "ScheduleAnyway" },
    ];

    public static SpreadConstraint Compile(V1TopologySpreadConstraint c, V1Pod pod, LabelSelector? selectorOverride = null)
    {
        var selector = selectorOverride ?? LabelSelector.Compile(c.LabelSelector);
        var labels = pod.Metadata?.Labels;
        var extra = (c.MatchLabelKeys ?? []).Where(k => labels is not null && labels.ContainsKey(k)).Select(k => KeyValuePair.Create(k, labels![k])).ToList();
        if (extra.Count > 0) selector = selector.With(extra);
        return new SpreadConstraint(c.MaxSkew, c.TopologyKey, selector, c.MinDomains ?? 1,
            c.NodeAffinityPolicy is null or "Honor", c.NodeTaintsPolicy == "Honor");
    }

    /// <summary>Whether the node's domain counts for this constraint (nodeAffinityPolicy / nodeTaintsPolicy).</summary>
    public bool IncludesNode(V1Node node, RequiredNodeAffinity podAffinity, V1Pod pod)
    {
        if (HonorNodeAffinity && !podAffinity.Matches(node)) return false;
        if (HonorNodeTaints && Taints.FirstUntolerated(node.Spec?.Taints, pod.Spec?.Tolerations, Taints.NoSchedule, Taints.NoExecute) is not null) return false;
        return true;
    }

    public static bool NodeHasAllKeys(V1Node node, IReadOnlyList<SpreadConstraint> constraints)
    {
        var labels = node.Metadata?.Labels;
        foreach (var c in constraints)
            if (labels is null || !labels.ContainsKey(c.TopologyKey)) return false;
        return true;
    }

    /// <summary>
    /// Pods on the node in namespace ns, not terminating, that the selector matches. The node's label counts answer
    /// without a walk when the selector is empty or a single key=value, or when one of its "key in (values)"
    /// requirements has no pod on the node; otherwise the pods are walked, as upstream does every time.
    /// </summary>
    public static int CountMatching(Framework.NodeInfo node, LabelSelector selector, string? ns)
    {
        if (selector.IsNothing) return 0;
        if (ns is null) return CountByWalk(node.Pods, selector, ns);
        var counts = node.LabelCounts;
        if (selector.IsEverything) return counts.InNamespace(ns);
        // Keys hashed once per selector and namespace, and indexed loops: these run for every node of every cycle,
        // and foreach over the interfaces boxes an enumerator.
        var keys = selector.CountKeys(ns);
        if (selector.IsSingleEquality) return counts.WithLabel(keys[0][0]);
        for (var i = 0; i < keys.Length; i++)
            if (!AnyWithLabel(counts, keys[i])) return 0;
        return CountByWalk(node.Pods, selector, ns);
    }

    /// <summary>The plain walk over a node's pods: the reference the label counts must agree with.</summary>
    public static int CountByWalk(IReadOnlyList<Framework.PodInfo> pods, LabelSelector selector, string? ns)
    {
        var n = 0;
        for (var i = 0; i < pods.Count; i++)
        {
            var meta = pods[i].Pod.Metadata;
            if (meta?.DeletionTimestamp is not null || meta?.NamespaceProperty != ns) continue;
            if (selector.Matches(meta.Labels)) n++;
        }
        return n;
    }

    private static bool AnyWithLabel(Framework.PodLabelCounts counts, LabelCountKey[] keys)
    {
        for (var i = 0; i < keys.Length; i++)
            if (counts.WithLabel(keys[i]) > 0) return true;
        return false;
    }
}
