using k8s.Models;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Deployment;

/// <summary>The arithmetic of rollouts (upstream's deploymentutil): surge and unavailability bounds, counts over ReplicaSets, completion.</summary>
public static class RolloutMath
{
    public const string RollingUpdate = "RollingUpdate";
    public const string Recreate = "Recreate";
    public const int DefaultProgressDeadlineSeconds = 600;
    public const int DefaultRevisionHistoryLimit = 10;

    public static int Replicas(V1Deployment d) => d.Spec.Replicas ?? 1;

    public static bool IsRollingUpdate(V1Deployment d) => (d.Spec.Strategy?.Type ?? RollingUpdate) == RollingUpdate;

    /// <summary>maxSurge and maxUnavailable as counts: surge rounds up, unavailability down; both zero would deadlock, so unavailability becomes 1.</summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = Scaled(maxSurge ?? "25%", desired, roundUp: true);
        var unavailable = Scaled(maxUnavailable ?? "25%", desired, roundUp: false);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, unavailable);
    }

    public static int Scaled(IntOrString value, int total, bool roundUp)
    {
        var text = value.Value ?? "0";
        if (!text.EndsWith('%')) return int.TryParse(text, out var n) ? n : 0;
        var percent = int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture);
        var product = (long)percent * total;
        return (int)(roundUp ? (product + 99) / 100 : product / 100);
    }

    public static int MaxSurge(V1Deployment d) =>
        IsRollingUpdate(d) ? ResolveFenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d)).Surge : 0;

    public static int MaxUnavailable(V1Deployment d)
    {
        if (!IsRollingUpdate(d) || Replicas(d) == 0) return 0;
        var unavailable = ResolveFenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d)).Unavailable;
        return Math.Min(unavailable, Replicas(d));
    }

    public static int SpecReplicas(V1ReplicaSet? rs) => rs?.Spec?.Replicas ?? 0;

    public static int SpecSum(IEnumerable<V1ReplicaSet?> all) => all.Sum(SpecReplicas);

    public static int ActualSum(IEnumerable<V1ReplicaSet?> all) => all.Sum(rs => rs?.Status?.Replicas ?? 0);

    public static int ReadySum(IEnumerable<V1ReplicaSet?> all) => all.Sum(rs => rs?.Status?.ReadyReplicas ?? 0);

    public static int AvailableSum(IEnumerable<V1ReplicaSet?> all) => all.Sum(rs => rs?.Status?.AvailableReplicas ?? 0);

    public static List<V1ReplicaSet> Active(IEnumerable<V1ReplicaSet?> all) => all.OfType<V1ReplicaSet>().Where(rs => SpecReplicas(rs) > 0).ToList();

    /// <summary>
    /// How big the new ReplicaSet may be now: all at once for Recreate, within the surge for RollingUpdate. As upstream,
    /// the surge bounds the ReplicaSets' spec.replicas, not the pods that exist at a given moment: right after an old
    /// ReplicaSet was scaled down the new one may create its pods before the old one's are gone. Counting the pods the
    /// old ReplicaSets still report instead added a status round trip to every rollout step (a full density rolling
    /// update took 2.8× as long).
    /// </summary>
    public static int NewReplicaSetReplicas(V1Deployment d, IEnumerable<V1ReplicaSet?> all, V1ReplicaSet newRs)
    {
        if (!IsRollingUpdate(d)) return Replicas(d);
        var maxTotal = Replicas(d) + Scaled(d.Spec.Strategy?.RollingUpdate?.MaxSurge ?? "25%", Replicas(d), roundUp: true);
        var current = SpecSum(all);
        if (current >= maxTotal) return SpecReplicas(newRs);
        var scaleUp = Math.Min(maxTotal - current, Replicas(d) - SpecReplicas(newRs));
        return SpecReplicas(newRs) + scaleUp;
    }

    /// <summary>The new ReplicaSet has all the Deployment's replicas, available.</summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs) =>
        rs is not null && DeploymentAnnotations.IntAnnotation(rs, DeploymentAnnotations.DesiredReplicas) == Replicas(d)
                       && SpecReplicas(rs) == Replicas(d) && (rs.Status?.AvailableReplicas ?? 0) == Replicas(d);

    /// <summary>Every replica is updated and available and the status describes the current generation.</summary>
    public static bool IsComplete(V1Deployment d, V1DeploymentStatus s) =>
        (s.UpdatedReplicas ?? 0) == Replicas(d) && (s.Replicas ?? 0) == Replicas(d) && (s.AvailableReplicas ?? 0) == Replicas(d)
        && (s.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);

    /// <summary>The rollout moved since the last status: more updated, ready or available pods, or fewer old ones.</summary>
    public static bool IsProgressing(V1Deployment d, V1DeploymentStatus s)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (s.Replicas ?? 0) - (s.UpdatedReplicas ?? 0);
        return (s.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0) || newOld < oldOld
               || (s.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0) || (s.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    /// <summary>progressDeadlineSeconds (600 when unset); null when it is MaxInt32, i.e. no deadline.</summary>
    public static int? ProgressDeadline(V1Deployment d) =>
        d.Spec.ProgressDeadlineSeconds is int.MaxValue ? null : d.Spec.ProgressDeadlineSeconds ?? DefaultProgressDeadlineSeconds;

    public static bool TimedOut(V1Deployment d, V1DeploymentStatus s, DateTimeOffset now)
    {
        if (ProgressDeadline(d) is not { } deadline) return false;
        var c = DeploymentConditions.Get(s, DeploymentConditions.Progressing);
        if (c is null || c.Reason == DeploymentConditions.NewReplicaSetAvailable) return false;
        if (c.Reason == DeploymentConditions.ProgressDeadlineExceeded) return true;
        return c.LastUpdateTime is { } from && Utc(from).AddSeconds(deadline) < now;
    }

    /// <summary>Templates equal once the pod-template-hash label is ignored on both sides.</summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b) => TemplateKey(a) == TemplateKey(b);

    /// <summary>What <see cref="EqualIgnoreHash"/> compares: the canonical JSON without the hash label, to compute once per template.</summary>
    public static string TemplateKey(V1PodTemplateSpec? t) => System.Text.Encoding.UTF8.GetString(PodTemplateHash.CanonicalUtf8Of(t, withoutHashLabel: true));

    /// <summary>Oldest first, then by name: the order upstream looks for the new ReplicaSet in.</summary>
    public static List<V1ReplicaSet> ByCreation(IEnumerable<V1ReplicaSet> all) =>
        all.OrderBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal).ToList();

    public static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
