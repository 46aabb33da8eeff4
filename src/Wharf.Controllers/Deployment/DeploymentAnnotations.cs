using System.Globalization;
using k8s.Models;

namespace Wharf.Controllers.Deployment;

/// <summary>The revision and replica annotations a Deployment keeps on itself and its ReplicaSets (upstream's deploymentutil).</summary>
public static class DeploymentAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    public const string LastAppliedConfig = "kubectl.kubernetes.io/last-applied-configuration";
    public const string RollbackTo = "deprecated.deployment.rollback.to";

    /// <summary>Upper bound of the revision-history annotation, as upstream's default.</summary>
    public const int MaxRevisionHistoryLength = 2000;

    private static readonly HashSet<string> NotCopied = [LastAppliedConfig, Revision, RevisionHistory, DesiredReplicas, MaxReplicas, RollbackTo];

    public static string? Get(V1ObjectMeta? meta, string key) =>
        meta?.Annotations is { } a && a.TryGetValue(key, out var v) ? v : null;

    public static long RevisionOf(V1ObjectMeta? meta) =>
        meta?.Annotations is { } a && a.TryGetValue(Revision, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;

    public static long MaxRevision(IEnumerable<V1ReplicaSet> replicaSets) => replicaSets.Select(rs => RevisionOf(rs.Metadata)).DefaultIfEmpty(0).Max();

    public static int? IntAnnotation(V1ReplicaSet rs, string key) =>
        rs.Metadata?.Annotations is { } a && a.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Copies the Deployment's annotations (except the controller's own) and moves the revision forward.</summary>
    /// <param name="exists">False for a ReplicaSet about to be created, which also gets the replica annotations.</param>
    /// <returns>Whether the ReplicaSet's annotations changed.</returns>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, long newRevision, bool exists, int maxSurge)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var annotations = rs.Metadata.Annotations;
        var changed = false;
        foreach (var (k, v) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (NotCopied.Contains(k) || (annotations.TryGetValue(k, out var existing) && existing == v)) continue;
            annotations[k] = v;
            changed = true;
        }
        annotations.TryGetValue(Revision, out var oldRevisionText);
        long oldRevision = 0;
        if (!string.IsNullOrEmpty(oldRevisionText) && !long.TryParse(oldRevisionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out oldRevision))
            return false;
        if (oldRevision < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            // A ReplicaSet that had a revision and gets a newer one is being rolled back to: remember its past revisions.
            if (!string.IsNullOrEmpty(oldRevisionText)) AppendHistory(annotations, oldRevisionText);
        }
        if (!exists && SetReplicasAnnotations(rs, d.Spec.Replicas ?? 1, (d.Spec.Replicas ?? 1) + maxSurge)) changed = true;
        return changed;
    }

    private static void AppendHistory(IDictionary<string, string> annotations, string oldRevision)
    {
        annotations.TryGetValue(RevisionHistory, out var history);
        if (string.IsNullOrEmpty(history))
        {
            annotations[RevisionHistory] = oldRevision;
            return;
        }
        var revisions = history.Split(',').ToList();
        var total = history.Length + oldRevision.Length + 1;
        var start = 0;
        while (total > MaxRevisionHistoryLength && start < revisions.Count)
        {
            total -= revisions[start].Length + 1;
            start++;
        }
        if (total <= MaxRevisionHistoryLength)
            annotations[RevisionHistory] = string.Join(",", revisions.Skip(start).Append(oldRevision));
    }

    /// <summary>Sets desired-replicas and max-replicas; returns whether either changed.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var d = desired.ToString(CultureInfo.InvariantCulture);
        var m = max.ToString(CultureInfo.InvariantCulture);
        var changed = !rs.Metadata.Annotations.TryGetValue(DesiredReplicas, out var cd) || cd != d
                      || !rs.Metadata.Annotations.TryGetValue(MaxReplicas, out var cm) || cm != m;
        rs.Metadata.Annotations[DesiredReplicas] = d;
        rs.Metadata.Annotations[MaxReplicas] = m;
        return changed;
    }

    public static bool ReplicasAnnotationsNeedUpdate(V1ReplicaSet rs, int desired, int max) =>
        IntAnnotation(rs, DesiredReplicas) != desired || IntAnnotation(rs, MaxReplicas) != max;
}
