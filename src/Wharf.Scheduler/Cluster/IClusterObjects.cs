using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Cluster;

/// <summary>Read side of the non-pod, non-node objects plugins consult.</summary>
public interface IClusterObjects
{
    IDictionary<string, string>? NamespaceLabels(string ns);

    IReadOnlyList<V1PodDisruptionBudget> PodDisruptionBudgets();

    /// <summary>Selectors of Services, ReplicationControllers, ReplicaSets and StatefulSets in the pod's namespace that select it.</summary>
    IReadOnlyList<LabelSelector> OwnerSelectorsFor(V1Pod pod);

    V1PersistentVolume? PersistentVolume(string name);

    IReadOnlyList<V1PersistentVolume> PersistentVolumes();

    V1PersistentVolumeClaim? PersistentVolumeClaim(string ns, string name);

    V1StorageClass? StorageClass(string name);

    V1CSINode? CSINode(string nodeName);

    V1CSIDriver? CSIDriver(string name);

    IReadOnlyList<V1CSIStorageCapacity> CSIStorageCapacities();
}
