using k8s.Models;

namespace Wharf.Controllers.Deployment;

/// <summary>
/// Brings ReplicaSets in line with a changed spec.replicas (upstream's scale): the one active ReplicaSet takes the
/// new size; during a rolling update the change is spread over all active ReplicaSets in proportion to their size
/// (proportional scaling), the remainder going to the largest.
/// </summary>
internal static class DeploymentScaler
{
    public static async Task ScaleAsync(DeploymentSync sync, V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss, CancellationToken ct)
    {
        var d = sync.D;
        var replicas = RolloutMath.Replicas(d);
        if (ActiveOrLatest(newRs, oldRss) is { } only)
        {
            if (RolloutMath.SpecReplicas(only) != replicas) await sync.ScaleAsync(only, replicas, ct);
            return;
        }
        if (RolloutMath.IsSaturated(d, newRs))
        {
            foreach (var old in RolloutMath.Active(oldRss)) await sync.ScaleAsync(old, 0, ct);
            return;
        }
        if (!RolloutMath.IsRollingUpdate(d)) return;

        var all = RolloutMath.Active([.. oldRss, newRs]);
        var allowed = replicas > 0 ? replicas + RolloutMath.MaxSurge(d) : 0;
        var toAdd = allowed - RolloutMath.SpecSum(all);
        // Growing feeds the biggest (then newest) first; shrinking takes from the biggest (then oldest) first.
        all = toAdd > 0
            ? [.. all.OrderByDescending(RolloutMath.SpecReplicas).ThenByDescending(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue)]
            : [.. all.OrderByDescending(RolloutMath.SpecReplicas).ThenBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue)];
        var sizes = new Dictionary<string, int>();
        var added = 0;
        foreach (var rs in all)
        {
            var proportion = toAdd == 0 ? 0 : Proportion(rs, d, toAdd, added);
            sizes[rs.Metadata.Name] = RolloutMath.SpecReplicas(rs) + proportion;
            added += proportion;
        }
        if (toAdd != 0 && all.Count > 0)
            sizes[all[0].Metadata.Name] = Math.Max(0, sizes[all[0].Metadata.Name] + toAdd - added);
        foreach (var rs in all) await sync.ScaleAsync(rs, sizes[rs.Metadata.Name], ct);
    }

    /// <summary>The only active ReplicaSet, or the newest one when none is active; null when several are.</summary>
    public static V1ReplicaSet? ActiveOrLatest(V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss)
    {
        if (newRs is null && oldRss.Count == 0) return null;
        var newestFirst = oldRss.OrderByDescending(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ToList();
        var active = RolloutMath.Active([.. newestFirst, newRs]);
        return active.Count switch
        {
            0 => newRs ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    private static int Proportion(V1ReplicaSet rs, V1Deployment d, int toAdd, int added)
    {
        if (RolloutMath.SpecReplicas(rs) == 0 || toAdd == added) return 0;
        var fraction = Fraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    /// <summary>This ReplicaSet's share of the new size, relative to the size the max-replicas annotation recorded.</summary>
    private static int Fraction(V1ReplicaSet rs, V1Deployment d)
    {
        if (RolloutMath.Replicas(d) == 0) return -RolloutMath.SpecReplicas(rs);
        var deploymentReplicas = RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d);
        var annotated = DeploymentAnnotations.IntAnnotation(rs, DeploymentAnnotations.MaxReplicas) ?? d.Status?.Replicas ?? 0;
        if (annotated == 0) return 0;
        var size = (double)RolloutMath.SpecReplicas(rs) * deploymentReplicas / annotated;
        return (int)Math.Round(size, MidpointRounding.AwayFromZero) - RolloutMath.SpecReplicas(rs);
    }
}
