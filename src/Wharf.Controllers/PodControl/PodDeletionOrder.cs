using System.Globalization;
using k8s.Models;

namespace Wharf.Controllers.PodControl;

/// <summary>
/// Orders pods so the ones cheapest to lose come first when scaling down (upstream's ActivePodsWithRanks):
/// unscheduled before scheduled; Pending before Unknown before Running; not ready before ready; lower
/// <c>controller.kubernetes.io/pod-deletion-cost</c> first; pods sharing a node with more of their siblings
/// (higher rank) first; ready for less time first; more restarts first; newer first.
/// </summary>
public sealed class PodDeletionOrder(IReadOnlyDictionary<V1Pod, int> ranks, DateTimeOffset now) : IComparer<V1Pod>
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>
    /// The pods to delete: all of <paramref name="pods"/> ranked by how many <paramref name="related"/> active pods
    /// share their node, first <paramref name="count"/> in deletion order.
    /// </summary>
    public static IReadOnlyList<V1Pod> PickForDeletion(IReadOnlyList<V1Pod> pods, IReadOnlyList<V1Pod> related, int count, DateTimeOffset now) =>
        PickForDeletion(pods, related.Where(p => PodState.IsActive(p) && !string.IsNullOrEmpty(p.Spec?.NodeName))
            .GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count()), count, now);

    /// <summary>As above, with the related active pods already counted per node (<paramref name="perNode"/>).</summary>
    public static IReadOnlyList<V1Pod> PickForDeletion(IReadOnlyList<V1Pod> pods, IReadOnlyDictionary<string, int> perNode, int count, DateTimeOffset now)
    {
        if (count >= pods.Count) return pods;
        var ranks = pods.ToDictionary<V1Pod, V1Pod, int>(p => p, p => string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : perNode.GetValueOrDefault(p.Spec.NodeName), ReferenceEqualityComparer.Instance);
        var ordered = pods.ToList();
        ordered.Sort(new PodDeletionOrder(ranks, now));
        return ordered.Take(count).ToList();
    }

    public int Compare(V1Pod? x, V1Pod? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var xNode = !string.IsNullOrEmpty(x.Spec?.NodeName);
        var yNode = !string.IsNullOrEmpty(y.Spec?.NodeName);
        if (xNode != yNode) return xNode ? 1 : -1;
        var phase = PhaseRank(x).CompareTo(PhaseRank(y));
        if (phase != 0) return phase;
        var xReady = PodState.IsReady(x);
        var yReady = PodState.IsReady(y);
        if (xReady != yReady) return xReady ? 1 : -1;
        var cost = DeletionCost(x).CompareTo(DeletionCost(y));
        if (cost != 0) return cost;
        var rank = ranks.GetValueOrDefault(y).CompareTo(ranks.GetValueOrDefault(x));
        if (rank != 0) return rank;
        if (xReady && yReady)
        {
            // Ready more recently (less time ready) goes first.
            var readyFor = (now - (PodState.ReadySince(x) ?? now)).CompareTo(now - (PodState.ReadySince(y) ?? now));
            if (readyFor != 0) return readyFor;
        }
        var restarts = PodState.MaxRestarts(y).CompareTo(PodState.MaxRestarts(x));
        if (restarts != 0) return restarts;
        // Newer first; a pod without a creation time counts as newest.
        var xCreated = x.Metadata?.CreationTimestamp ?? DateTime.MaxValue;
        var yCreated = y.Metadata?.CreationTimestamp ?? DateTime.MaxValue;
        return yCreated.CompareTo(xCreated);
    }

    private static int PhaseRank(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" or null or "" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 3,
    };

    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata?.Annotations is { } a && a.TryGetValue(DeletionCostAnnotation, out var v) &&
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cost) ? cost : 0;
}
