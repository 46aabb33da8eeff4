using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Plugins.VolumeBinding;

namespace Wharf.Scheduler.Tests.Plugins.Volumes;

/// <summary>Fixtures of PVs, PVCs, StorageClasses, CSINodes and pods using them, in the spirit of upstream's st helpers.</summary>
internal static class Storage
{
    public const string Ns = "default";

    public static V1PersistentVolumeClaim Pvc(string name, string size = "1Gi", string? className = null, string? volumeName = null,
        bool bound = false, string[]? modes = null, string? volumeMode = null, V1LabelSelector? selector = null) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Ns,
            Uid = "uid-pvc-" + name,
            ResourceVersion = "1",
            Annotations = bound ? new Dictionary<string, string> { [StorageHelpers.AnnBindCompleted] = "yes" } : null,
        },
        Spec = new V1PersistentVolumeClaimSpec
        {
            StorageClassName = className,
            VolumeName = volumeName,
            AccessModes = modes ?? ["ReadWriteOnce"],
            VolumeMode = volumeMode,
            Selector = selector,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
        Status = new V1PersistentVolumeClaimStatus { Phase = bound ? "Bound" : "Pending" },
    };

    public static V1PersistentVolume Pv(string name, string size = "1Gi", string? className = null, string? onNode = null,
        string phase = "Available", string[]? modes = null, string? claim = null, IDictionary<string, string>? labels = null,
        string? volumeMode = null, (string Driver, string Handle)? csi = null) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolume",
        Metadata = new V1ObjectMeta { Name = name, Uid = "uid-pv-" + name, ResourceVersion = "1", Labels = labels },
        Spec = new V1PersistentVolumeSpec
        {
            StorageClassName = className,
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
            AccessModes = modes ?? ["ReadWriteOnce"],
            VolumeMode = volumeMode,
            ClaimRef = claim is null ? null : new V1ObjectReference { Kind = "PersistentVolumeClaim", NamespaceProperty = Ns, Name = claim },
            NodeAffinity = onNode is null ? null : new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [onNode] }] }],
                },
            },
            Csi = csi is { } c ? new V1CSIPersistentVolumeSource { Driver = c.Driver, VolumeHandle = c.Handle } : null,
        },
        Status = new V1PersistentVolumeStatus { Phase = phase },
    };

    public static V1StorageClass Class(string name, string mode = "Immediate", string provisioner = StorageHelpers.NotSupportedProvisioner,
        IList<V1TopologySelectorTerm>? allowedTopologies = null) => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "StorageClass",
        Metadata = new V1ObjectMeta { Name = name, ResourceVersion = "1" },
        Provisioner = provisioner,
        VolumeBindingMode = mode,
        AllowedTopologies = allowedTopologies,
    };

    public static V1CSINode CsiNode(string node, string driver, int count) => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "CSINode",
        Metadata = new V1ObjectMeta { Name = node },
        Spec = new V1CSINodeSpec { Drivers = [new V1CSINodeDriver { Name = driver, NodeID = node, Allocatable = new V1VolumeNodeResources { Count = count } }] },
    };

    public static V1CSIDriver Driver(string name, bool storageCapacity) => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "CSIDriver",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1CSIDriverSpec { StorageCapacity = storageCapacity },
    };

    /// <summary>Capacity of a class's storage reachable from nodes labelled <paramref name="topologyLabel"/>=yes.</summary>
    public static V1CSIStorageCapacity Capacity(string name, string className, string? capacity, string? maximumVolumeSize = null, string topologyLabel = "kubernetes.io/hostname=node-1") => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "CSIStorageCapacity",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system" },
        StorageClassName = className,
        Capacity = capacity is null ? null : new ResourceQuantity(capacity),
        MaximumVolumeSize = maximumVolumeSize is null ? null : new ResourceQuantity(maximumVolumeSize),
        NodeTopology = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [topologyLabel.Split('=')[0]] = topologyLabel.Split('=')[1] } },
    };

    /// <summary>Adds one volume per claim to the pod.</summary>
    public static V1Pod WithClaims(this V1Pod pod, params string[] claims)
    {
        foreach (var c in claims)
            (pod.Spec.Volumes ??= []).Add(new V1Volume { Name = "vol-" + c, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = c } });
        return pod;
    }

    public static V1Pod WithVolume(this V1Pod pod, V1Volume volume)
    {
        (pod.Spec.Volumes ??= []).Add(volume);
        return pod;
    }

    public static ClusterObjects Objects(params object[] objects)
    {
        var store = new ClusterObjects();
        foreach (var o in objects) store.Apply(ClusterChangeType.Added, (k8s.IKubernetesObject<V1ObjectMeta>)o);
        return store;
    }
}
