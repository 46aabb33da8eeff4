using k8s;
using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// The PV/PVC facts the volume plugins share, with upstream's meanings: class names (beta annotation first), the
/// bind annotations the PV controller writes, claim references, node affinity and sizes.
/// </summary>
public static class StorageHelpers
{
    public const string AnnBindCompleted = "pv.kubernetes.io/bind-completed";
    public const string AnnBoundByController = "pv.kubernetes.io/bound-by-controller";
    public const string AnnSelectedNode = "volume.kubernetes.io/selected-node";
    public const string AnnStorageClass = "volume.beta.kubernetes.io/storage-class";
    /// <summary>Provisioner of classes that only ever bind pre-created (e.g. local) volumes.</summary>
    public const string NotSupportedProvisioner = "kubernetes.io/no-provisioner";
    public const string WaitForFirstConsumer = "WaitForFirstConsumer";

    /// <summary>The claim's class: the beta annotation wins over spec.storageClassName; "" when none.</summary>
    public static string ClaimClass(V1PersistentVolumeClaim pvc) =>
        pvc.Metadata?.Annotations?.TryGetValue(AnnStorageClass, out var c) == true ? c : pvc.Spec?.StorageClassName ?? "";

    public static string VolumeClass(V1PersistentVolume pv) =>
        pv.Metadata?.Annotations?.TryGetValue(AnnStorageClass, out var c) == true ? c : pv.Spec?.StorageClassName ?? "";

    /// <summary>The claim a pod volume refers to: its own claim, or the one the ephemeral controller names pod-volume.</summary>
    public static (string Name, bool Ephemeral)? ClaimOf(V1Pod pod, V1Volume volume) =>
        volume.PersistentVolumeClaim is { } c ? (c.ClaimName ?? "", false)
        : volume.Ephemeral is not null ? ($"{pod.Metadata?.Name}-{volume.Name}", true)
        : null;

    /// <summary>The PV controller considers a claim bound once volumeName is set and it marked the bind completed.</summary>
    public static bool IsFullyBound(V1PersistentVolumeClaim pvc) =>
        !string.IsNullOrEmpty(pvc.Spec?.VolumeName) && pvc.Metadata?.Annotations?.ContainsKey(AnnBindCompleted) == true;

    /// <summary>The PV's claimRef names this claim (and its UID, when the ref carries one).</summary>
    public static bool IsBoundToClaim(V1PersistentVolume pv, V1PersistentVolumeClaim pvc)
    {
        var r = pv.Spec?.ClaimRef;
        return r is not null && r.Name == pvc.Metadata?.Name && r.NamespaceProperty == pvc.Metadata?.NamespaceProperty &&
               (string.IsNullOrEmpty(r.Uid) || r.Uid == pvc.Metadata?.Uid);
    }

    /// <summary>The PV's required node affinity admits the node (no affinity admits every node).</summary>
    public static bool NodeAffinityMatches(V1PersistentVolume pv, V1Node node) =>
        pv.Spec?.NodeAffinity?.Required is not { } required || NodeSelectorMatcher.Compile(required).Matches(node);

    public static decimal RequestedStorage(V1PersistentVolumeClaim pvc) =>
        pvc.Spec?.Resources?.Requests?.TryGetValue("storage", out var q) == true ? q.ToDecimal() : 0m;

    public static decimal Capacity(V1PersistentVolume pv) =>
        pv.Spec?.Capacity?.TryGetValue("storage", out var q) == true ? q.ToDecimal() : 0m;

    /// <summary>Filesystem unless Block is asked for, on either side.</summary>
    public static bool VolumeModeMismatch(V1PersistentVolumeClaim pvc, V1PersistentVolume pv) =>
        (pvc.Spec?.VolumeMode ?? "Filesystem") != (pv.Spec?.VolumeMode ?? "Filesystem");

    /// <summary>Every access mode the claim asks for is offered by the volume.</summary>
    public static bool AccessModesSatisfied(V1PersistentVolumeClaim pvc, V1PersistentVolume pv)
    {
        var offered = pv.Spec?.AccessModes ?? [];
        return (pvc.Spec?.AccessModes ?? []).All(offered.Contains);
    }

    /// <summary>Deep copy, so assumed changes never touch the informer's objects.</summary>
    public static T Clone<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));

    /// <summary>Resource versions compare as integers; a non-numeric pair compares equal so it never blocks.</summary>
    public static int CompareVersions(string? a, string? b) =>
        ulong.TryParse(a, out var x) && ulong.TryParse(b, out var y) ? x.CompareTo(y) : 0;
}
