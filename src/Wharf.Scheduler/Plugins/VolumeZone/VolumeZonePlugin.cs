using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.VolumeBinding;

namespace Wharf.Scheduler.Plugins.VolumeZone;

/// <summary>
/// Zone and region labels of the pod's bound PVs must be satisfied by the node's labels (upstream's VolumeZone);
/// unbound WaitForFirstConsumer claims are VolumeBinding's business and are skipped.
/// </summary>
internal sealed class VolumeZonePlugin(IClusterObjects objects) : IPreFilterPlugin, IFilterPlugin, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReasonConflict = "node(s) had no available volume zone";
    private static readonly StateKey<ZoneState> s_key = new("PreFilter" + PluginNames.VolumeZone);

    /// <summary>GA labels first, then their deprecated beta twins, as upstream's topologyLabels.</summary>
    private static readonly string[] s_topologyLabels =
    [
        "topology.kubernetes.io/zone",
        "topology.kubernetes.io/region",
        "failure-domain.beta.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/region",
    ];

    public string Name => PluginNames.VolumeZone;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.Volumes, Signers.Volumes(pod));
        return true;
    }

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        var (topologies, status) = Topologies(pod);
        if (status is not null) return status;
        if (topologies.Count == 0) return Status.SkipStatus;
        state.Write(s_key, new ZoneState(topologies));
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        if (state.TryRead(s_key) is not { } s) return Status.Success;
        var labels = nodeInfo.Node?.Metadata?.Labels;
        // A node with no topology labels at all is not constrained (upstream's hasAnyNodeConstraint).
        if (labels is null || !s_topologyLabels.Any(labels.ContainsKey)) return Status.Success;
        foreach (var (key, values) in s.Topologies)
        {
            if (!labels.TryGetValue(key, out var v)) labels.TryGetValue(ToGaLabel(key), out v);
            if (v is null || !values.Contains(v)) return Status.Unresolvable(ErrReasonConflict);
        }
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.StorageClass, ActionType.Add),
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
        new(EventResource.PersistentVolumeClaim, ActionType.Add | ActionType.Update),
        new(EventResource.PersistentVolume, ActionType.Add | ActionType.Update),
    ];

    private (List<(string Key, HashSet<string> Values)> Topologies, Status? Error) Topologies(V1Pod pod)
    {
        var result = new List<(string, HashSet<string>)>();
        var ns = pod.Metadata?.NamespaceProperty ?? "";
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            if (volume.PersistentVolumeClaim is not { } source) continue;
            if (string.IsNullOrEmpty(source.ClaimName)) return (result, Status.Unresolvable("PersistentVolumeClaim had no name"));
            var pvc = objects.PersistentVolumeClaim(ns, source.ClaimName);
            if (pvc is null) return (result, Status.Unresolvable($"persistentvolumeclaim \"{source.ClaimName}\" not found"));
            var pvName = pvc.Spec?.VolumeName;
            if (string.IsNullOrEmpty(pvName))
            {
                var className = StorageHelpers.ClaimClass(pvc);
                if (className.Length == 0) return (result, Status.Unresolvable("PersistentVolumeClaim had no pv name and storageClass name"));
                var sc = objects.StorageClass(className);
                if (sc is null) return (result, Status.Unresolvable($"storageclass.storage.k8s.io \"{className}\" not found"));
                if (sc.VolumeBindingMode is null) return (result, Status.Unresolvable($"VolumeBindingMode not set for StorageClass \"{className}\""));
                if (sc.VolumeBindingMode == StorageHelpers.WaitForFirstConsumer) continue;
                return (result, Status.Unresolvable("PersistentVolume had no name"));
            }
            var pv = objects.PersistentVolume(pvName);
            if (pv is null) return (result, Status.Unresolvable($"persistentvolume \"{pvName}\" not found"));
            foreach (var key in s_topologyLabels)
                if (pv.Metadata?.Labels?.TryGetValue(key, out var value) == true)
                    // Regional volumes list their zones joined by "__".
                    result.Add((key, [.. value.Split("__", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]));
        }
        return (result, null);
    }

    private static string ToGaLabel(string key) => key switch
    {
        "failure-domain.beta.kubernetes.io/zone" => "topology.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/region" => "topology.kubernetes.io/region",
        _ => key,
    };

    private sealed record ZoneState(IReadOnlyList<(string Key, HashSet<string> Values)> Topologies) : IStateData;
}
