using k8s.Models;

namespace Wharf.Controllers.Deployment;

/// <summary>Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit (default 10), as upstream's cleanupDeployment.</summary>
internal static class HistoryCleanup
{
    public static async Task RunAsync(DeploymentSync sync, List<V1ReplicaSet> old, CancellationToken ct)
    {
        var limit = sync.D.Spec.RevisionHistoryLimit ?? RolloutMath.DefaultRevisionHistoryLimit;
        var cleanable = old.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var excess = cleanable.Count - limit;
        if (excess <= 0) return;
        foreach (var rs in cleanable.OrderBy(rs => DeploymentAnnotations.RevisionOf(rs.Metadata)).Take(excess))
        {
            // Only empty, settled ReplicaSets go: one still holding or reporting pods is part of a rollout.
            if ((rs.Status?.Replicas ?? 0) != 0 || RolloutMath.SpecReplicas(rs) != 0 || (rs.Metadata.Generation ?? 0) > (rs.Status?.ObservedGeneration ?? 0))
                continue;
            await sync.DeleteReplicaSetAsync(rs, ct);
        }
    }
}
