using k8s;
using k8s.Models;

namespace Wharf.Scheduler.Cluster;

/// <summary>
/// Everything the scheduler needs from the API server, and nothing more. The host wires it to the API client
/// (informers for <see cref="WatchAsync"/>, REST calls for the writes); tests use an in-memory fake.
/// </summary>
public interface ISchedulerCluster
{
    /// <summary>
    /// One merged stream of Pods, Nodes, Namespaces, PodDisruptionBudgets, Services, ReplicaSets, StatefulSets,
    /// ReplicationControllers, PersistentVolumes, PersistentVolumeClaims, StorageClasses, CSINodes, CSIDrivers and CSIStorageCapacities: the initial list as Added changes, then one <see cref="ClusterChangeType.Synced"/>
    /// marker, then watch changes. Deleted carries the last known object. Order within one object must be preserved.
    /// </summary>
    IAsyncEnumerable<ClusterChange> WatchAsync(CancellationToken ct);

    /// <summary>POST pods/{name}/binding (target Node, UID precondition); throws on failure.</summary>
    Task BindAsync(V1Pod pod, string nodeName, CancellationToken ct);

    /// <summary>Patches pod status: upserts the condition (by type) and sets or clears status.nominatedNodeName.</summary>
    Task PatchPodStatusAsync(V1Pod pod, PodStatusPatch patch, CancellationToken ct);

    /// <summary>Preemption: adds the DisruptionTarget condition to the victim's status, then deletes it gracefully.</summary>
    Task DeletePodAsync(V1Pod victim, V1PodCondition disruptionTarget, CancellationToken ct);

    /// <summary>Writes an events.k8s.io/v1 (or core/v1) Event; failures are the implementation's to log and swallow.</summary>
    Task RecordEventAsync(SchedulerEvent evt, CancellationToken ct);
}
