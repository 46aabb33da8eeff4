using k8s.Models;

namespace Wharf.Controllers.Deployment;

/// <summary>Status and conditions of a Deployment from its ReplicaSets (upstream's calculateStatus and syncRolloutStatus).</summary>
internal static class DeploymentStatusCalculator
{
    /// <summary>Counts plus the Available condition.</summary>
    public static V1DeploymentStatus Calculate(DeploymentSync sync, List<V1ReplicaSet> all, V1ReplicaSet? newRs)
    {
        var d = sync.D;
        var available = RolloutMath.AvailableSum(all);
        var status = sync.CloneStatus();
        status.ObservedGeneration = d.Metadata.Generation;
        status.Replicas = NullIfZero(RolloutMath.ActualSum(all));
        status.UpdatedReplicas = NullIfZero(newRs?.Status?.Replicas ?? 0);
        status.ReadyReplicas = NullIfZero(RolloutMath.ReadySum(all));
        status.AvailableReplicas = NullIfZero(available);
        status.UnavailableReplicas = NullIfZero(Math.Max(0, RolloutMath.SpecSum(all) - available));
        var condition = available >= RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d)
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", sync.Now)
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", sync.Now);
        DeploymentConditions.Set(status, condition);
        return status;
    }

    /// <summary>
    /// Status plus the Progressing condition (progressed, progressing, or past its deadline) and ReplicaFailure
    /// copied from the ReplicaSets; returns when to look again for the deadline, if it can still pass.
    /// </summary>
    public static (V1DeploymentStatus Status, TimeSpan? RecheckAfter) RolloutStatus(DeploymentSync sync, List<V1ReplicaSet> all, V1ReplicaSet? newRs)
    {
        var d = sync.D;
        var now = sync.Now;
        var status = Calculate(sync, all, newRs);
        if (RolloutMath.ProgressDeadline(d) is null) DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        var current = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        var alreadyComplete = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewReplicaSetAvailable;
        if (RolloutMath.ProgressDeadline(d) is not null && !alreadyComplete)
        {
            if (RolloutMath.IsComplete(d, status))
            {
                var message = newRs is null ? "Deployment has successfully progressed." : $"ReplicaSet \"{newRs.Metadata.Name}\" has successfully progressed.";
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable, message, now));
            }
            else if (RolloutMath.IsProgressing(d, status))
            {
                var message = newRs is null ? "Deployment is progressing." : $"ReplicaSet \"{newRs.Metadata.Name}\" is progressing.";
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, message, now);
                // Progress refreshes lastUpdateTime (which the deadline counts from) even when the reason stays.
                if (current is not null)
                {
                    if (current.Status == "True") condition.LastTransitionTime = current.LastTransitionTime;
                    DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                }
                DeploymentConditions.Set(status, condition);
            }
            else if (RolloutMath.TimedOut(d, status, now))
            {
                var message = newRs is null ? "Deployment has timed out progressing." : $"ReplicaSet \"{newRs.Metadata.Name}\" has timed out progressing.";
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.ProgressDeadlineExceeded, message, now));
            }
        }
        if (ReplicaFailure(all, newRs) is { } failure) DeploymentConditions.Set(status, failure);
        else DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        return (status, RecheckAfter(d, status, now));
    }

    private static V1DeploymentCondition? ReplicaFailure(List<V1ReplicaSet> all, V1ReplicaSet? newRs)
    {
        foreach (var rs in newRs is null ? all : [newRs, .. all.Where(r => !ReferenceEquals(r, newRs))])
        {
            if (rs.Status?.Conditions?.FirstOrDefault(c => c.Type == DeploymentConditions.ReplicaFailure && c.Status == "True") is { } c)
            {
                return new V1DeploymentCondition
                {
                    Type = c.Type, Status = c.Status, Reason = c.Reason, Message = c.Message,
                    LastTransitionTime = c.LastTransitionTime, LastUpdateTime = c.LastTransitionTime,
                };
            }
        }
        return null;
    }

    /// <summary>When an unfinished rollout would pass its deadline, so the timeout is noticed without any event.</summary>
    private static TimeSpan? RecheckAfter(V1Deployment d, V1DeploymentStatus status, DateTimeOffset now)
    {
        var current = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (RolloutMath.ProgressDeadline(d) is not { } deadline || current?.LastUpdateTime is not { } from) return null;
        if (RolloutMath.IsComplete(d, status) || current.Reason is DeploymentConditions.ProgressDeadlineExceeded or DeploymentConditions.NewReplicaSetAvailable) return null;
        var after = RolloutMath.Utc(from).AddSeconds(deadline) - now;
        return after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after + TimeSpan.FromSeconds(1);
    }

    private static int? NullIfZero(int n) => n == 0 ? null : n;
}
