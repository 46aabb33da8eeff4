using k8s.Models;

namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>What binding the pod's claims on one node takes: PVs to bind statically and claims to provision there.</summary>
internal sealed class PodVolumes(V1Node node)
{
    public V1Node Node { get; } = node;

    public List<(V1PersistentVolume Pv, V1PersistentVolumeClaim Pvc)> StaticBindings { get; set; } = [];

    public List<V1PersistentVolumeClaim> DynamicProvisions { get; set; } = [];
}
