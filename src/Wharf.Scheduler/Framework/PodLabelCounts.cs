using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// Counts of a node's pods that are not terminating, by namespace and by (namespace, label key, label value).
/// PodTopologySpread counts the pods matching a selector on every node in every cycle; these counts prove most
/// nodes have none without walking their pods. Pods without a namespace are left out (a caller asking about
/// them walks instead). An instance is frozen once a NodeInfo clone shares it and is then never changed again:
/// snapshots clone every changed node each cycle, and copying here on the first later change keeps clones cheap.
/// </summary>
public sealed class PodLabelCounts
{
    private readonly Dictionary<LabelCountKey, int> _labels;
    private readonly Dictionary<string, int> _namespaces;

    public PodLabelCounts()
    {
        _labels = [];
        _namespaces = new Dictionary<string, int>(StringComparer.Ordinal);
    }

    private PodLabelCounts(PodLabelCounts source)
    {
        _labels = new Dictionary<LabelCountKey, int>(source._labels);
        _namespaces = new Dictionary<string, int>(source._namespaces, StringComparer.Ordinal);
    }

    /// <summary>True once shared with a clone; owners copy it before their next change.</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>Non-terminating pods of the namespace on the node.</summary>
    public int InNamespace(string ns) => _namespaces.GetValueOrDefault(ns);

    /// <summary>Non-terminating pods of the namespace on the node that carry label key=value.</summary>
    public int WithLabel(string ns, string key, string? value) => WithLabel(new LabelCountKey(ns, key, value));

    /// <summary>The same, for a key hashed once by the caller (<see cref="LabelSelector.CountKeys"/>).</summary>
    public int WithLabel(in LabelCountKey key) => _labels.GetValueOrDefault(key);

    internal void Freeze() => IsFrozen = true;

    internal PodLabelCounts Copy() => new(this);

    /// <summary>Adds (sign 1) or removes (sign -1) a pod; the same V1Pod must be passed back on removal.</summary>
    internal void Apply(V1Pod pod, int sign)
    {
        if (IsFrozen) throw new InvalidOperationException("a frozen PodLabelCounts is shared with a clone and must be copied first");
        var meta = pod.Metadata;
        if (meta?.DeletionTimestamp is not null || meta?.NamespaceProperty is not { } ns) return;
        Bump(_namespaces, ns, sign);
        foreach (var (key, value) in meta.Labels ?? new Dictionary<string, string>())
            Bump(_labels, new LabelCountKey(ns, key, value), sign);
    }

    /// <summary>
    /// Whether two versions of a pod add the same to the counts: both left out (terminating or without a
    /// namespace), or both counted in the same namespace with the same labels.
    /// </summary>
    internal static bool CountAlike(V1Pod a, V1Pod b)
    {
        var (ma, mb) = (a.Metadata, b.Metadata);
        var nsA = ma?.DeletionTimestamp is null ? ma?.NamespaceProperty : null;
        var nsB = mb?.DeletionTimestamp is null ? mb?.NamespaceProperty : null;
        if (nsA is null || nsB is null) return nsA is null && nsB is null;
        return nsA == nsB && SameLabels(ma!.Labels, mb!.Labels);
    }

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if ((a?.Count ?? 0) != (b?.Count ?? 0)) return false;
        if (a is null || b is null) return true;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var other) || other != value) return false;
        return true;
    }

    private static void Bump<TKey>(Dictionary<TKey, int> map, TKey key, int sign) where TKey : notnull
    {
        var n = map.GetValueOrDefault(key) + sign;
        if (n == 0) map.Remove(key);
        else map[key] = n;
    }
}
