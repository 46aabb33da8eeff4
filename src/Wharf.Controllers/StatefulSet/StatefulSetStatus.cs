using System.Text.Json.Nodes;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.StatefulSet;

/// <summary>The counts and revisions a pass writes to status (upstream's StatefulSetStatus and updateStatus).</summary>
internal sealed class StatefulSetStatus
{
    public long ObservedGeneration { get; init; }
    public int Replicas { get; private set; }
    public int ReadyReplicas { get; private set; }
    public int AvailableReplicas { get; private set; }
    public int CurrentReplicas { get; set; }
    public int UpdatedReplicas { get; private set; }
    public required string CurrentRevision { get; set; }
    public required string UpdateRevision { get; init; }
    public int CollisionCount { get; init; }

    /// <summary>Counts created members (a pod built this pass but not created yet does not count) by readiness and revision.</summary>
    public void Count(IEnumerable<JsonObject> pods, int minReadySeconds, DateTimeOffset now)
    {
        Replicas = ReadyReplicas = AvailableReplicas = CurrentReplicas = UpdatedReplicas = 0;
        foreach (var pod in pods)
        {
            if (StatefulPods.IsCreated(pod)) Replicas++;
            if (StatefulPods.IsRunningAndReady(pod))
            {
                ReadyReplicas++;
                if (StatefulPods.IsRunningAndAvailable(pod, minReadySeconds, now)) AvailableReplicas++;
            }
            if (!StatefulPods.IsCreated(pod) || StatefulPods.IsTerminating(pod)) continue;
            var revision = StatefulPods.Revision(pod);
            if (revision == CurrentRevision) CurrentReplicas++;
            if (revision == UpdateRevision) UpdatedReplicas++;
        }
    }

    /// <summary>
    /// A RollingUpdate whose every replica is updated and ready is complete: the update revision becomes current
    /// (upstream's completeRollingUpdate).
    /// </summary>
    public void CompleteRollingUpdate(JsonObject set)
    {
        var replicas = Spec.Replicas(set);
        if (StatefulSetSpec.IsOnDelete(set) || UpdatedReplicas != replicas || ReadyReplicas != replicas || Replicas != replicas) return;
        CurrentReplicas = UpdatedReplicas;
        CurrentRevision = UpdateRevision;
    }

    /// <summary>status as written; fields upstream marks omitempty are left out at zero.</summary>
    public JsonObject ToJson()
    {
        var status = new JsonObject();
        if (ObservedGeneration != 0) status["observedGeneration"] = ObservedGeneration;
        status["replicas"] = Replicas;
        if (ReadyReplicas != 0) status["readyReplicas"] = ReadyReplicas;
        if (CurrentReplicas != 0) status["currentReplicas"] = CurrentReplicas;
        if (UpdatedReplicas != 0) status["updatedReplicas"] = UpdatedReplicas;
        if (CurrentRevision.Length > 0) status["currentRevision"] = CurrentRevision;
        if (UpdateRevision.Length > 0) status["updateRevision"] = UpdateRevision;
        status["collisionCount"] = CollisionCount;
        status["availableReplicas"] = AvailableReplicas;
        return status;
    }
}
