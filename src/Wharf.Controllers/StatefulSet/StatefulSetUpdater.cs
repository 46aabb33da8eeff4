using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.StatefulSet;

/// <summary>
/// One pass of upstream's updateStatefulSet: lay the members out by ordinal, create the missing ones at the right
/// revision (one at a time and only behind ready predecessors for OrderedReady), replace finished ones, delete the
/// ones beyond the ordinal range highest first, then roll replicas at or above the partition onto the update
/// revision, at most maxUnavailable unhealthy at a time. Returns the status to record and the first failure.
/// </summary>
internal sealed class StatefulSetUpdater(StatefulPodControl control, TimeProvider time)
{
    public async Task<(StatefulSetStatus Status, Exception? Error)> UpdateAsync(JsonObject set, RevisionPair revisions, IReadOnlyList<JsonObject> pods, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var minReady = StatefulSetSpec.MinReadySeconds(set);
        var status = new StatefulSetStatus
        {
            ObservedGeneration = set["metadata"]?["generation"] is JsonValue g && g.TryGetValue<long>(out var gen) ? gen : 0,
            CurrentRevision = revisions.CurrentName,
            UpdateRevision = revisions.UpdateName,
            CollisionCount = revisions.CollisionCount,
        };

        var start = StatefulSetSpec.StartOrdinal(set);
        var replicas = new JsonObject[Math.Max(0, Spec.Replicas(set))];
        var condemned = new List<JsonObject>();
        foreach (var pod in pods)
        {
            var ordinal = StatefulPods.Ordinal(pod);
            if (StatefulSetSpec.InRange(set, ordinal)) replicas[ordinal - start] = pod;
            else if (ordinal >= 0) condemned.Add(pod);
        }
        for (var i = 0; i < replicas.Length; i++) replicas[i] ??= NewMember(set, revisions, start + i);
        // Highest ordinal first: scale-down removes from the top.
        condemned.Sort((a, b) => StatefulPods.Ordinal(b).CompareTo(StatefulPods.Ordinal(a)));
        var firstUnhealthy = replicas.FirstOrDefault(p => !StatefulPods.IsHealthy(p)) ??
                             Enumerable.Reverse(condemned).FirstOrDefault(p => !StatefulPods.IsHealthy(p));

        StatefulSetStatus Counted()
        {
            status.Count([.. replicas, .. condemned], minReady, now);
            return status;
        }

        if (ObjectMeta.IsBeingDeleted(set)) return (Counted(), null);
        var monotonic = !StatefulSetSpec.AllowsBurst(set);
        try
        {
            if (await RunForAllAsync(replicas, i => ProcessReplicaAsync(set, replicas[i], monotonic, minReady, now, ct), monotonic))
                return (Counted(), null);
            if (await RunForAllAsync(condemned, i => FixCondemnedClaimsAsync(set, condemned[i], ct), monotonic))
                return (Counted(), null);
            if (await RunForAllAsync(condemned, i => ProcessCondemnedAsync(set, condemned[i], firstUnhealthy, monotonic, minReady, now, ct), monotonic))
                return (Counted(), null);
            Counted();
            // OnDelete: pods move to the update revision only when someone deletes them.
            if (!StatefulSetSpec.IsOnDelete(set)) await RollAsync(set, replicas, revisions.UpdateName, status, ct);
            return (status, null);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException or InvalidOperationException or AggregateException)
        {
            return (Counted(), e);
        }
    }

    /// <summary>
    /// A replica built at the current revision when below the partition (or, without a rollingUpdate, below the
    /// current replica count), else at the update revision (upstream's newVersionedStatefulSetPod).
    /// </summary>
    private static JsonObject NewMember(JsonObject set, RevisionPair revisions, int ordinal)
    {
        var index = ordinal - StatefulSetSpec.StartOrdinal(set);
        var rolling = set["spec"]?["updateStrategy"]?["rollingUpdate"] is JsonObject;
        var currentReplicas = set["status"]?["currentReplicas"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;
        var atCurrent = !StatefulSetSpec.IsOnDelete(set) && (rolling ? index < StatefulSetSpec.Partition(set) : index < currentReplicas);
        var revision = atCurrent ? revisions.Current : revisions.Update;
        return StatefulPods.New(set, StatefulSetRevisions.Template(revision), ordinal, ObjectMeta.Name(revision)!,
            OwnerReferences.NewControllerRef(set, Resource.StatefulSets));
    }

    /// <returns>True when this pass must stop here (only honoured in OrderedReady mode).</returns>
    private async Task<bool> ProcessReplicaAsync(JsonObject set, JsonObject pod, bool monotonic, int minReady, DateTimeOffset now, CancellationToken ct)
    {
        // Finished pods are replaced whatever their exit code: an evicted pod may well have "succeeded".
        if (StatefulPods.Phase(pod) is "Failed" or "Succeeded")
        {
            if (!StatefulPods.IsTerminating(pod)) await control.DeletePodAsync(set, pod, ct);
            return true;
        }
        if (!StatefulPods.IsCreated(pod))
        {
            if (control.ClaimIsStale(set, pod)) return true;
            await control.CreatePodAsync(set, pod, ct);
            return monotonic;
        }
        if (StatefulPods.Phase(pod) == "Pending") await control.CreateMissingClaimsAsync(set, pod, ct);
        if (monotonic && (StatefulPods.IsTerminating(pod) || !StatefulPods.IsRunningAndAvailable(pod, minReady, now)))
            return true;
        if (StatefulPods.IdentityMatches(set, pod) && StatefulPods.StorageMatches(set, pod) && control.ClaimsMatchRetentionPolicy(set, pod))
            return false;
        await control.UpdatePodAsync(set, pod, ct);
        return false;
    }

    /// <summary>Claims of pods about to go get the references whenScaled asks for before the pod is deleted.</summary>
    private async Task<bool> FixCondemnedClaimsAsync(JsonObject set, JsonObject pod, CancellationToken ct)
    {
        if (!control.ClaimsMatchRetentionPolicy(set, pod)) await control.FixClaimReferencesAsync(set, pod, ct);
        return false;
    }

    private async Task<bool> ProcessCondemnedAsync(JsonObject set, JsonObject pod, JsonObject? firstUnhealthy, bool monotonic, int minReady, DateTimeOffset now,
        CancellationToken ct)
    {
        if (StatefulPods.IsTerminating(pod)) return monotonic;
        // OrderedReady deletes only behind healthy members, except the first unhealthy one itself.
        if (monotonic && !ReferenceEquals(pod, firstUnhealthy) && !StatefulPods.IsRunningAndAvailable(pod, minReady, now)) return true;
        await control.DeletePodAsync(set, pod, ct);
        return true;
    }

    /// <summary>
    /// Deletes replicas at or above the partition that are not at the update revision, highest ordinal first, while
    /// fewer than maxUnavailable replicas are unhealthy; the next pass recreates them at the update revision.
    /// </summary>
    private async Task RollAsync(JsonObject set, JsonObject[] replicas, string updateRevision, StatefulSetStatus status, CancellationToken ct)
    {
        var unavailable = replicas.Count(p => !StatefulPods.IsHealthy(p));
        var budget = StatefulSetSpec.MaxUnavailable(set) - unavailable;
        var partition = StatefulSetSpec.Partition(set);
        for (var target = replicas.Length - 1; target >= partition && budget > 0; target--)
        {
            var pod = replicas[target];
            if (StatefulPods.Revision(pod) == updateRevision || StatefulPods.IsTerminating(pod)) continue;
            await control.DeletePodAsync(set, pod, ct);
            budget--;
            status.CurrentReplicas--;
        }
    }

    /// <summary>
    /// OrderedReady: one member after another, stopping at the first that asks to. Parallel: all of them in slow-start
    /// batches, stopping only on failure (upstream's runForAll).
    /// </summary>
    private static async Task<bool> RunForAllAsync<T>(IReadOnlyList<T> items, Func<int, Task<bool>> process, bool monotonic)
    {
        if (monotonic)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (await process(i)) return true;
            }
            return false;
        }
        var (_, error) = await SlowStart.RunAsync(items.Count, SlowStart.InitialBatchSize, i => process(i));
        if (error is not null) ExceptionDispatchInfo.Throw(error);
        return false;
    }
}
