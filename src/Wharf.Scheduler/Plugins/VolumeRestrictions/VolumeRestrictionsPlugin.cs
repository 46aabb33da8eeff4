using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.VolumeRestrictions;

/// <summary>
/// A ReadWriteOncePod claim already used by another pod, or an in-tree disk (GCE PD, AWS EBS, iSCSI, RBD) that a pod
/// on the node mounts in a conflicting way, keeps the pod off (upstream's VolumeRestrictions).
/// </summary>
internal sealed class VolumeRestrictionsPlugin(IClusterObjects objects) : IPreFilterPlugin, IFilterPlugin, IPreFilterExtensions, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReasonDiskConflict = "node(s) had no available disk";
    public const string ErrReasonReadWriteOncePodConflict = "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";
    private static readonly StateKey<RestrictionsState> s_key = new("PreFilter" + PluginNames.VolumeRestrictions);

    public string Name => PluginNames.VolumeRestrictions;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.Volumes, Signers.Volumes(pod));
        return true;
    }

    public IPreFilterExtensions PreFilterExtensions => this;

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        var ns = pod.Metadata?.NamespaceProperty ?? "";
        var rwop = new HashSet<string>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            if (volume.PersistentVolumeClaim?.ClaimName is not { } claim) continue;
            var pvc = objects.PersistentVolumeClaim(ns, claim);
            if (pvc is null) return Status.Unresolvable($"persistentvolumeclaim \"{claim}\" not found");
            if (pvc.Spec?.AccessModes?.Contains("ReadWriteOncePod") == true) rwop.Add(claim);
        }
        if (rwop.Count == 0 && !(pod.Spec?.Volumes ?? []).Any(DiskConflicts.NeedsCheck)) return Status.SkipStatus;
        var conflicts = 0;
        // Upstream counts claims used by any pod in the snapshot (assumed ones included), not by node.
        if (rwop.Count > 0)
            foreach (var node in nodes)
                foreach (var other in node.Pods)
                    conflicts += ConflictsWith(rwop, ns, other.Pod);
        state.Write(s_key, new RestrictionsState(rwop, ns, conflicts));
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            if (!DiskConflicts.NeedsCheck(volume)) continue;
            foreach (var existing in nodeInfo.Pods)
                if (DiskConflicts.Conflicts(volume, existing.Pod)) return Status.Unschedulable(ErrReasonDiskConflict);
        }
        return state.TryRead(s_key) is { ConflictingClaimRefs: > 0 } ? Status.Unschedulable(ErrReasonReadWriteOncePodConflict) : Status.Success;
    }

    // Preemption simulates removing victims: a victim holding the claim lowers the conflict count.
    public Status AddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) => Update(state, podToAdd.Pod, 1);

    public Status RemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) => Update(state, podToRemove.Pod, -1);

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.Pod, ActionType.Delete),
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint),
        new(EventResource.PersistentVolumeClaim, ActionType.Add | ActionType.Update),
    ];

    private static Status Update(CycleState state, V1Pod pod, int sign)
    {
        if (state.TryRead(s_key) is not { } s) return Status.Success;
        state.Write(s_key, s with { ConflictingClaimRefs = s.ConflictingClaimRefs + sign * ConflictsWith(s.ReadWriteOncePodClaims, s.Namespace, pod) });
        return Status.Success;
    }

    private static int ConflictsWith(IReadOnlySet<string> claims, string ns, V1Pod other)
    {
        if (claims.Count == 0 || other.Metadata?.NamespaceProperty != ns) return 0;
        var n = 0;
        foreach (var v in other.Spec?.Volumes ?? [])
            if (v.PersistentVolumeClaim?.ClaimName is { } c && claims.Contains(c)) n++;
        return n;
    }

    /// <summary>Immutable, so preemption's state copies can share it; updates write a new record.</summary>
    private sealed record RestrictionsState(IReadOnlySet<string> ReadWriteOncePodClaims, string Namespace, int ConflictingClaimRefs) : IStateData;
}
