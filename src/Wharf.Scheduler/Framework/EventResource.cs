namespace Wharf.Scheduler.Framework;

public enum EventResource
{
    Pod,
    Node,
    PersistentVolume,
    PersistentVolumeClaim,
    StorageClass,
    CSINode,
    CSIDriver,
    CSIStorageCapacity,
    Namespace,
    PodDisruptionBudget,
    /// <summary>Matches every resource (timeouts and forced moves).</summary>
    Wildcard,
}
