using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Wharf.Client;

namespace Wharf.Scheduler.Hosting;

/// <summary>A resource the scheduler's feed watches and how its JSON becomes the typed model.</summary>
internal sealed record WatchedKind(Resource Resource, Func<JsonObject, IKubernetesObject<V1ObjectMeta>> ToModel)
{
    public static readonly Resource PodDisruptionBudgets = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true);
    public static readonly Resource ReplicationControllers = new("", "v1", "replicationcontrollers", "ReplicationController", true);
    public static readonly Resource PersistentVolumes = new("", "v1", "persistentvolumes", "PersistentVolume", false);
    public static readonly Resource PersistentVolumeClaims = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true);
    public static readonly Resource StorageClasses = new("storage.k8s.io", "v1", "storageclasses", "StorageClass", false);
    public static readonly Resource CSINodes = new("storage.k8s.io", "v1", "csinodes", "CSINode", false);
    public static readonly Resource CSIDrivers = new("storage.k8s.io", "v1", "csidrivers", "CSIDriver", false);
    public static readonly Resource CSIStorageCapacities = new("storage.k8s.io", "v1", "csistoragecapacities", "CSIStorageCapacity", true);

    /// <summary>
    /// Pods and Nodes feed cache and queue; the rest are what plugins look up (spread owners, PDBs, namespace labels,
    /// and the volume plugins' PVs, PVCs, StorageClasses, CSINodes, CSIDrivers and CSIStorageCapacities).
    /// </summary>
    public static readonly IReadOnlyList<WatchedKind> All =
    [
        Of<V1Node>(Resource.Nodes),
        Of<V1Pod>(Resource.Pods),
        Of<V1Namespace>(Resource.Namespaces),
        Of<V1PodDisruptionBudget>(PodDisruptionBudgets),
        Of<V1Service>(Resource.Services),
        Of<V1ReplicaSet>(Resource.ReplicaSets),
        Of<V1StatefulSet>(Resource.StatefulSets),
        Of<V1ReplicationController>(ReplicationControllers),
        Of<V1PersistentVolume>(PersistentVolumes),
        Of<V1PersistentVolumeClaim>(PersistentVolumeClaims),
        Of<V1StorageClass>(StorageClasses),
        Of<V1CSINode>(CSINodes),
        Of<V1CSIDriver>(CSIDrivers),
        Of<V1CSIStorageCapacity>(CSIStorageCapacities),
    ];

    private static WatchedKind Of<T>(Resource resource) where T : IKubernetesObject<V1ObjectMeta> =>
        new(resource, obj => ModelJson.ToModel<T>(obj));
}
