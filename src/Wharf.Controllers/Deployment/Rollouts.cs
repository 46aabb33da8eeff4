using k8s.Models;

namespace Wharf.Controllers.Deployment;

/// <summary>The two strategies and the paths shared with them (upstream's rolling.go, recreate.go and sync.go).</summary>
internal static class Rollouts
{
    /// <summary>Scale-only pass (paused or spec.replicas changed): scale, clean history while paused, write status.</summary>
    public static async Task<TimeSpan?> SyncAsync(DeploymentSync sync, CancellationToken ct)
    {
        var (newRs, old) = await sync.GetAllReplicaSetsAndSyncRevisionAsync(createIfMissing: false, ct);
        await DeploymentScaler.ScaleAsync(sync, newRs, old, ct);
        if (sync.D.Spec.Paused == true) await HistoryCleanup.RunAsync(sync, Old(sync, newRs), ct);
        await sync.UpdateStatusAsync(DeploymentStatusCalculator.Calculate(sync, sync.ReplicaSets, Current(sync, newRs)), ct);
        return null;
    }

    /// <summary>Status only (the Deployment is being deleted).</summary>
    public static async Task<TimeSpan?> SyncStatusOnlyAsync(DeploymentSync sync, CancellationToken ct)
    {
        var (newRs, _) = await sync.GetAllReplicaSetsAndSyncRevisionAsync(createIfMissing: false, ct);
        await sync.UpdateStatusAsync(DeploymentStatusCalculator.Calculate(sync, sync.ReplicaSets, newRs), ct);
        return null;
    }

    public static async Task<TimeSpan?> RollingAsync(DeploymentSync sync, CancellationToken ct)
    {
        var (newRs, _) = await sync.GetAllReplicaSetsAndSyncRevisionAsync(createIfMissing: true, ct);
        newRs = Current(sync, newRs)!;
        if (await ReconcileNewAsync(sync, newRs, ct)) return await RolloutStatusAsync(sync, newRs, ct);
        newRs = Current(sync, newRs)!;
        if (await ReconcileOldAsync(sync, newRs, ct)) return await RolloutStatusAsync(sync, newRs, ct);
        return await CompleteAsync(sync, newRs, ct);
    }

    /// <summary>
    /// Writes the rollout status and, once it says complete, trims the history. Upstream trims at the start of the
    /// pass after the one that wrote "complete", which its own status write causes; the controller is not woken by
    /// its own writes (<see cref="OwnWrites"/>), so the pass that writes it trims.
    /// </summary>
    private static async Task<TimeSpan?> CompleteAsync(DeploymentSync sync, V1ReplicaSet? newRs, CancellationToken ct)
    {
        var recheck = await RolloutStatusAsync(sync, newRs, ct);
        if (RolloutMath.IsComplete(sync.D, sync.D.Status ?? new V1DeploymentStatus())) await HistoryCleanup.RunAsync(sync, Old(sync, newRs), ct);
        return recheck;
    }

    public static async Task<TimeSpan?> RecreateAsync(DeploymentSync sync, Func<V1ReplicaSet?, bool> oldPodsRunning, CancellationToken ct)
    {
        var (newRs, old) = await sync.GetAllReplicaSetsAndSyncRevisionAsync(createIfMissing: false, ct);
        var scaledDown = false;
        foreach (var rs in RolloutMath.Active(old))
            scaledDown |= (await sync.ScaleAsync(rs, 0, ct)).Scaled;
        if (scaledDown || oldPodsRunning(newRs)) return await RolloutStatusAsync(sync, newRs, ct);
        if (newRs is null) (newRs, _) = await sync.GetAllReplicaSetsAndSyncRevisionAsync(createIfMissing: true, ct);
        newRs = Current(sync, newRs)!;
        await sync.ScaleAsync(newRs, RolloutMath.Replicas(sync.D), ct);
        return await CompleteAsync(sync, Current(sync, newRs), ct);
    }

    /// <summary>Marks pausing and resuming on the Progressing condition, unless the rollout already timed out.</summary>
    public static async Task CheckPausedConditionsAsync(DeploymentSync sync, CancellationToken ct)
    {
        if (RolloutMath.ProgressDeadline(sync.D) is null) return;
        var current = DeploymentConditions.Get(sync.D.Status, DeploymentConditions.Progressing);
        if (current?.Reason == DeploymentConditions.ProgressDeadlineExceeded) return;
        var pausedMarked = current?.Reason == DeploymentConditions.DeploymentPaused;
        var paused = sync.D.Spec.Paused == true;
        V1DeploymentCondition? condition = null;
        if (paused && !pausedMarked)
            condition = DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentPaused, "Deployment is paused", sync.Now);
        else if (!paused && pausedMarked)
            condition = DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentResumed, "Deployment is resumed", sync.Now);
        if (condition is null) return;
        var status = sync.CloneStatus();
        DeploymentConditions.Set(status, condition);
        await sync.UpdateStatusAsync(status, ct);
    }

    /// <summary>spec.replicas differs from what an active ReplicaSet was last sized for: a scale, not a rollout.</summary>
    public static async Task<bool> IsScalingEventAsync(DeploymentSync sync, CancellationToken ct)
    {
        await sync.GetAllReplicaSetsAndSyncRevisionAsync(createIfMissing: false, ct);
        return RolloutMath.Active(sync.ReplicaSets).Any(rs =>
            DeploymentAnnotations.IntAnnotation(rs, DeploymentAnnotations.DesiredReplicas) is { } desired && desired != RolloutMath.Replicas(sync.D));
    }

    private static async Task<bool> ReconcileNewAsync(DeploymentSync sync, V1ReplicaSet newRs, CancellationToken ct)
    {
        var replicas = RolloutMath.Replicas(sync.D);
        var current = RolloutMath.SpecReplicas(newRs);
        if (current == replicas) return false;
        var target = current > replicas ? replicas : RolloutMath.NewReplicaSetReplicas(sync.D, sync.ReplicaSets, newRs);
        return (await sync.ScaleAsync(newRs, target, ct)).Scaled;
    }

    /// <summary>Scales old ReplicaSets down as far as maxUnavailable allows, unhealthy replicas first.</summary>
    private static async Task<bool> ReconcileOldAsync(DeploymentSync sync, V1ReplicaSet newRs, CancellationToken ct)
    {
        var d = sync.D;
        var old = RolloutMath.Active(Old(sync, newRs));
        if (RolloutMath.SpecSum(old) == 0) return false;
        var minAvailable = RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d);
        var newUnavailable = RolloutMath.SpecReplicas(newRs) - (newRs.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = RolloutMath.SpecSum(sync.ReplicaSets) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) return false;

        // First the old replicas that are not available anyway: removing them costs no availability.
        var cleaned = 0;
        foreach (var rs in RolloutMath.ByCreation(old))
        {
            if (cleaned >= maxScaledDown) break;
            var unavailable = RolloutMath.SpecReplicas(rs) - (rs.Status?.AvailableReplicas ?? 0);
            if (RolloutMath.SpecReplicas(rs) == 0 || unavailable <= 0) continue;
            var count = Math.Min(maxScaledDown - cleaned, unavailable);
            await sync.ScaleAsync(rs, RolloutMath.SpecReplicas(rs) - count, ct);
            cleaned += count;
        }

        // Then available ones, oldest ReplicaSet first, down to minAvailable. A ReplicaSet just scaled down may still
        // report the pods it is deleting as available; counting at most spec.replicas of each keeps a stale status
        // from taking availability below maxUnavailable.
        var available = sync.ReplicaSets.Sum(rs => Math.Min(rs.Status?.AvailableReplicas ?? 0, RolloutMath.SpecReplicas(rs)));
        var scaled = 0;
        if (available > minAvailable)
        {
            var budget = available - minAvailable;
            foreach (var rs in RolloutMath.ByCreation(RolloutMath.Active(Old(sync, newRs))))
            {
                if (scaled >= budget) break;
                var count = Math.Min(RolloutMath.SpecReplicas(rs), budget - scaled);
                await sync.ScaleAsync(rs, RolloutMath.SpecReplicas(rs) - count, ct);
                scaled += count;
            }
        }
        return cleaned + scaled > 0;
    }

    private static async Task<TimeSpan?> RolloutStatusAsync(DeploymentSync sync, V1ReplicaSet? newRs, CancellationToken ct)
    {
        var (status, recheck) = DeploymentStatusCalculator.RolloutStatus(sync, sync.ReplicaSets, Current(sync, newRs));
        await sync.UpdateStatusAsync(status, ct);
        return recheck;
    }

    /// <summary>The latest copy of a ReplicaSet after scaling replaced it in the sync's list.</summary>
    private static V1ReplicaSet? Current(DeploymentSync sync, V1ReplicaSet? rs) =>
        rs is null ? null : sync.ReplicaSets.FirstOrDefault(r => r.Metadata.Uid == rs.Metadata.Uid) ?? rs;

    private static List<V1ReplicaSet> Old(DeploymentSync sync, V1ReplicaSet? newRs) =>
        sync.ReplicaSets.Where(r => r.Metadata.Uid != newRs?.Metadata.Uid).ToList();
}
