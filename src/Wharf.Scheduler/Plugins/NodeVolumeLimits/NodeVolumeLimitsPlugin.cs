using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.VolumeBinding;

namespace Wharf.Scheduler.Plugins.NodeVolumeLimits;

/// <summary>
/// The CSI volumes the pod adds on a node must stay within each driver's allocatable count in the node's CSINode
/// (upstream's NodeVolumeLimits, CSI part). A volume already attached for another pod on the node is not counted twice.
/// </summary>
internal sealed class NodeVolumeLimitsPlugin(IClusterObjects objects) : IPreFilterPlugin, IFilterPlugin, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReasonMaxVolumeCountExceeded = "node(s) exceed max volume count";

    public string Name => PluginNames.NodeVolumeLimits;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.Volumes, Signers.Volumes(pod));
        return true;
    }

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        return (pod.Spec?.Volumes ?? []).Any(v => v.PersistentVolumeClaim is not null || v.Ephemeral is not null)
            ? Status.Success : Status.SkipStatus;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var limits = Limits(objects.CSINode(nodeInfo.Name));
        if (limits.Count == 0) return Status.Success;
        var newVolumes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (AttachableVolumes(pod, newPod: true, newVolumes) is { } error) return Status.FromError(error);
        if (newVolumes.Count == 0) return Status.Success;
        var attached = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var existing in nodeInfo.Pods) AttachableVolumes(existing.Pod, newPod: false, attached);
        var attachedCount = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (unique, driver) in attached)
        {
            newVolumes.Remove(unique);
            attachedCount[driver] = attachedCount.GetValueOrDefault(driver) + 1;
        }
        foreach (var group in newVolumes.Values.GroupBy(d => d, StringComparer.Ordinal))
            if (limits.TryGetValue(group.Key, out var max) && attachedCount.GetValueOrDefault(group.Key) + group.Count() > max)
                return Status.Unschedulable(ErrReasonMaxVolumeCountExceeded);
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.CSINode, ActionType.Add | ActionType.Update),
        new(EventResource.Pod, ActionType.Delete),
        new(EventResource.PersistentVolumeClaim, ActionType.Add),
    ];

    private static Dictionary<string, int> Limits(V1CSINode? csiNode)
    {
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in csiNode?.Spec?.Drivers ?? [])
            if (d.Allocatable?.Count is { } count) limits[d.Name] = count;
        return limits;
    }

    /// <summary>
    /// Adds driver/handle → driver for the pod's CSI-backed claims. A missing claim fails a new pod (it cannot run
    /// without it) but is ignored for pods already on the node, as upstream.
    /// </summary>
    private string? AttachableVolumes(V1Pod pod, bool newPod, Dictionary<string, string> into)
    {
        var ns = pod.Metadata?.NamespaceProperty ?? "";
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            if (StorageHelpers.ClaimOf(pod, volume) is not { } claim) continue;
            if (claim.Name.Length == 0) return "PersistentVolumeClaim had no name";
            var pvc = objects.PersistentVolumeClaim(ns, claim.Name);
            if (pvc is null)
            {
                if (newPod) return $"looking up PVC {ns}/{claim.Name}: persistentvolumeclaim \"{claim.Name}\" not found";
                continue;
            }
            if (DriverAndHandle(pvc) is { } dh) into[$"{dh.Driver}/{dh.Handle}"] = dh.Driver;
        }
        return null;
    }

    /// <summary>Bound claims: the PV's CSI source. Unbound ones: the class's provisioner and a per-claim placeholder handle.</summary>
    private (string Driver, string Handle)? DriverAndHandle(V1PersistentVolumeClaim pvc)
    {
        var pvName = pvc.Spec?.VolumeName;
        if (string.IsNullOrEmpty(pvName))
        {
            var className = StorageHelpers.ClaimClass(pvc);
            if (className.Length == 0 || objects.StorageClass(className) is not { } sc || string.IsNullOrEmpty(sc.Provisioner)) return null;
            return (sc.Provisioner, $"{pvc.Metadata?.NamespaceProperty}-{pvc.Metadata?.Name}");
        }
        var csi = objects.PersistentVolume(pvName)?.Spec?.Csi;
        return csi is null || string.IsNullOrEmpty(csi.Driver) || string.IsNullOrEmpty(csi.VolumeHandle) ? null : (csi.Driver, csi.VolumeHandle);
    }
}
