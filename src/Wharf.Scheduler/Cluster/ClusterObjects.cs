using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Cluster;

/// <summary>In-memory store of the auxiliary kinds from the <see cref="ISchedulerCluster.WatchAsync"/> feed.</summary>
public sealed class ClusterObjects : IClusterObjects
{
    private readonly ConcurrentDictionary<string, V1Namespace> _namespaces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1PodDisruptionBudget> _pdbs = new(StringComparer.Ordinal);
    // Indexed by namespace and label: PodTopologySpread asks for a pod's owners on every cycle.
    private readonly ConcurrentDictionary<string, OwnerSelectorIndex> _ownersByNamespace = new(StringComparer.Ordinal);
    // The volume plugins' listers: PVs, StorageClasses and CSINodes by name, PVCs by namespace/name.
    private readonly ConcurrentDictionary<string, V1PersistentVolume> _pvs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1PersistentVolumeClaim> _pvcs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1StorageClass> _classes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1CSINode> _csiNodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1CSIDriver> _csiDrivers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1CSIStorageCapacity> _capacities = new(StringComparer.Ordinal);

    /// <summary>Applies one change; returns false when the object is not one of the auxiliary kinds.</summary>
    public bool Apply(ClusterChangeType type, IKubernetesObject<V1ObjectMeta> obj)
    {
        var key = $"{obj.Kind}/{obj.Metadata?.NamespaceProperty}/{obj.Metadata?.Name}";
        var delete = type == ClusterChangeType.Deleted;
        switch (obj)
        {
            case V1Namespace ns:
                Upsert(_namespaces, ns.Metadata?.Name ?? "", ns, delete);
                return true;
            case V1PodDisruptionBudget pdb:
                Upsert(_pdbs, key, pdb, delete);
                return true;
            case V1Service svc:
                SetOwner(svc.Metadata.NamespaceProperty, key, delete ? null : LabelSelector.FromMap(svc.Spec?.Selector));
                return true;
            case V1ReplicationController rc:
                SetOwner(rc.Metadata.NamespaceProperty, key, delete ? null : LabelSelector.FromMap(rc.Spec?.Selector));
                return true;
            case V1ReplicaSet rs:
                SetOwner(rs.Metadata.NamespaceProperty, key, delete ? null : LabelSelector.Compile(rs.Spec?.Selector));
                return true;
            case V1StatefulSet ss:
                SetOwner(ss.Metadata.NamespaceProperty, key, delete ? null : LabelSelector.Compile(ss.Spec?.Selector));
                return true;
            case V1PersistentVolume pv:
                Upsert(_pvs, pv.Metadata?.Name ?? "", pv, delete);
                return true;
            case V1PersistentVolumeClaim pvc:
                Upsert(_pvcs, $"{pvc.Metadata?.NamespaceProperty}/{pvc.Metadata?.Name}", pvc, delete);
                return true;
            case V1StorageClass sc:
                Upsert(_classes, sc.Metadata?.Name ?? "", sc, delete);
                return true;
            case V1CSINode csiNode:
                Upsert(_csiNodes, csiNode.Metadata?.Name ?? "", csiNode, delete);
                return true;
            case V1CSIDriver driver:
                Upsert(_csiDrivers, driver.Metadata?.Name ?? "", driver, delete);
                return true;
            case V1CSIStorageCapacity capacity:
                Upsert(_capacities, key, capacity, delete);
                return true;
            default:
                return false;
        }
    }

    public IDictionary<string, string>? NamespaceLabels(string ns) =>
        _namespaces.TryGetValue(ns, out var n) ? n.Metadata?.Labels : null;

    public IReadOnlyList<V1PodDisruptionBudget> PodDisruptionBudgets() => [.. _pdbs.Values];

    public IReadOnlyList<LabelSelector> OwnerSelectorsFor(V1Pod pod) =>
        _ownersByNamespace.TryGetValue(pod.Metadata?.NamespaceProperty ?? "", out var owners) ? owners.Matching(pod.Metadata?.Labels) : [];

    public V1PersistentVolume? PersistentVolume(string name) => _pvs.GetValueOrDefault(name);

    public IReadOnlyList<V1PersistentVolume> PersistentVolumes() => [.. _pvs.Values];

    public V1PersistentVolumeClaim? PersistentVolumeClaim(string ns, string name) => _pvcs.GetValueOrDefault($"{ns}/{name}");

    public V1StorageClass? StorageClass(string name) => _classes.GetValueOrDefault(name);

    public V1CSINode? CSINode(string nodeName) => _csiNodes.GetValueOrDefault(nodeName);

    public V1CSIDriver? CSIDriver(string name) => _csiDrivers.GetValueOrDefault(name);

    public IReadOnlyList<V1CSIStorageCapacity> CSIStorageCapacities() => [.. _capacities.Values];

    /// <summary>Files an owner's selector, or forgets the owner when the selector is null (deleted).</summary>
    private void SetOwner(string? ns, string key, LabelSelector? selector)
    {
        var owners = _ownersByNamespace.GetOrAdd(ns ?? "", _ => new OwnerSelectorIndex());
        if (selector is null) owners.Remove(key);
        else owners.Set(key, selector);
    }

    private static void Upsert<T>(ConcurrentDictionary<string, T> map, string key, T value, bool delete)
    {
        if (delete) map.TryRemove(key, out _);
        else map[key] = value;
    }
}
