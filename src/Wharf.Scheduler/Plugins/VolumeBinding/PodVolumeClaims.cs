using k8s.Models;

namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// A pod's claims sorted by what scheduling must do about them: bound ones (check the PV's node affinity), unbound
/// WaitForFirstConsumer ones (find or provision a volume) with the candidate PVs of their classes, and unbound
/// Immediate ones (the PV controller's job; the pod must wait).
/// </summary>
internal sealed record PodVolumeClaims(
    IReadOnlyList<V1PersistentVolumeClaim> Bound,
    IReadOnlyList<V1PersistentVolumeClaim> UnboundDelayBinding,
    IReadOnlyList<V1PersistentVolumeClaim> UnboundImmediate,
    IReadOnlyDictionary<string, IReadOnlyList<V1PersistentVolume>> UnboundVolumesByClass);
