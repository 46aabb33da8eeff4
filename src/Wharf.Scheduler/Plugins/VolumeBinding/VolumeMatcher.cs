using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// Upstream's FindMatchingVolume on the scheduler path: a PV pre-bound to the claim wins (if the node suits it),
/// else the smallest Available PV of the claim's class that is big enough, has the access and volume modes, matches
/// the claim's selector and whose node affinity admits the node.
/// </summary>
internal static class VolumeMatcher
{
    public static V1PersistentVolume? Find(V1PersistentVolumeClaim pvc, IEnumerable<V1PersistentVolume> volumes, V1Node node, IReadOnlySet<string> excluded)
    {
        var requested = StorageHelpers.RequestedStorage(pvc);
        var requestedClass = StorageHelpers.ClaimClass(pvc);
        var selector = pvc.Spec?.Selector is { } s ? LabelSelector.Compile(s) : null;
        V1PersistentVolume? smallest = null;
        var smallestSize = 0m;
        foreach (var pv in volumes)
        {
            var name = pv.Metadata?.Name ?? "";
            if (excluded.Contains(name)) continue;
            var preBound = StorageHelpers.IsBoundToClaim(pv, pvc);
            if (pv.Spec?.ClaimRef is not null && !preBound) continue;
            var size = StorageHelpers.Capacity(pv);
            if (size < requested || StorageHelpers.VolumeModeMismatch(pvc, pv) || pv.Metadata?.DeletionTimestamp is not null) continue;
            var affinityOk = StorageHelpers.NodeAffinityMatches(pv, node);
            // A volume pre-bound to this claim is the only candidate: it decides alone whether the node works.
            if (preBound) return affinityOk ? pv : null;
            if (pv.Status?.Phase != "Available") continue;
            if (selector is not null && !selector.Matches(pv.Metadata?.Labels)) continue;
            if (StorageHelpers.VolumeClass(pv) != requestedClass || !affinityOk || !StorageHelpers.AccessModesSatisfied(pvc, pv)) continue;
            if (smallest is null || smallestSize > size) (smallest, smallestSize) = (pv, size);
        }
        return smallest;
    }
}
