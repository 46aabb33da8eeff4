using k8s.Models;

namespace Wharf.Scheduler.Cluster;

/// <summary>
/// The writes VolumeBinding's PreBind makes (full updates with the object's resourceVersion, so a concurrent change
/// is a conflict rather than a lost update). Kept apart from <see cref="ISchedulerCluster"/> so clusters that never
/// bind volumes need not implement it.
/// </summary>
public interface IPersistentVolumeWriter
{
    Task<V1PersistentVolume> UpdatePersistentVolumeAsync(V1PersistentVolume pv, CancellationToken ct);

    Task<V1PersistentVolumeClaim> UpdatePersistentVolumeClaimAsync(V1PersistentVolumeClaim pvc, CancellationToken ct);
}
