using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Rest;

namespace Wharf.Scheduler.Hosting;

/// <summary>
/// A resource the scheduler's feed watches, and how to start a typed informer for it (each event parsed once,
/// straight into the model) that hands its notifications to a <see cref="IFeedSink"/>.
/// </summary>
internal sealed record WatchedKind(Resource Resource, Func<IApiClient, InformerOptions?, ILogger, IFeedSink, ITypedInformer> CreateInformer)
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

    private static WatchedKind Of<T>(Resource resource) where T : class, IKubernetesObject<V1ObjectMeta> =>
        new(resource, (client, options, logger, sink) =>
        {
            var informer = new TypedInformer<T>(client, resource, SchedulerJson.Model<T>(), options: options, logger: logger);
            informer.AddEventHandler(new TypedEventHandler<T>
            {
                OnAdd = sink.Added,
                OnUpdate = (_, now) => sink.Modified(now),
                OnDelete = sink.Deleted,
            });
            return informer;
        });
}
