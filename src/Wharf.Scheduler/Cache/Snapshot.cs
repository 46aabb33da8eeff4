using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Cache;

/// <summary>
/// Immutable-per-cycle view of the cluster: node infos in zone-interleaved order, the existing pods' (anti-)affinity
/// terms counted by domain, and how many nodes hold each image. Refreshed incrementally by <see cref="SchedulerCache.UpdateSnapshot"/>.
/// </summary>
public sealed class Snapshot
{
    internal Dictionary<string, NodeInfo> ByName { get; } = new(StringComparer.Ordinal);
    internal List<NodeInfo> List { get; set; } = [];
    internal Dictionary<string, int> ImageNodeCounts { get; set; } = new(StringComparer.Ordinal);
    internal long Generation { get; set; }

    /// <summary>The cache's node order <see cref="List"/> was laid out in; -1 = never built.</summary>
    internal long OrderVersion { get; set; } = -1;

    public IReadOnlyList<NodeInfo> NodeInfos => List;
    /// <summary>The existing pods' (anti-)affinity terms with their pod counts per domain, kept with the node infos.</summary>
    public ExistingPodTerms ExistingTerms { get; internal set; } = new();
    public int NumNodes => List.Count;

    public NodeInfo? Get(string nodeName) => ByName.GetValueOrDefault(nodeName);

    public int ImageNodeCount(string normalizedImage) => ImageNodeCounts.GetValueOrDefault(normalizedImage);

    /// <summary>Builds a snapshot directly (tests, tools): pods are placed on the node named in spec.nodeName.</summary>
    public static Snapshot From(IEnumerable<V1Node> nodes, IEnumerable<V1Pod>? pods = null)
    {
        var cache = new SchedulerCache(TimeProvider.System);
        foreach (var n in nodes) cache.AddNode(n);
        foreach (var p in pods ?? []) cache.AddPod(p);
        var s = new Snapshot();
        cache.UpdateSnapshot(s);
        return s;
    }
}
