using k8s.Models;

namespace Wharf.Scheduler.Plugins.VolumeRestrictions;

/// <summary>The in-tree disks two pods cannot share on one node, with upstream's read-only exceptions.</summary>
internal static class DiskConflicts
{
    public static bool NeedsCheck(V1Volume v) =>
        v.GcePersistentDisk is not null || v.AwsElasticBlockStore is not null || v.Rbd is not null || v.Iscsi is not null;

    public static bool Conflicts(V1Volume volume, V1Pod existingPod)
    {
        foreach (var existing in existingPod.Spec?.Volumes ?? [])
        {
            // GCE PD: shareable only when every mount is read-only.
            if (volume.GcePersistentDisk is { } disk && existing.GcePersistentDisk is { } other &&
                disk.PdName == other.PdName && !(disk.ReadOnlyProperty == true && other.ReadOnlyProperty == true))
                return true;
            // AWS EBS: never shareable.
            if (volume.AwsElasticBlockStore is { } ebs && existing.AwsElasticBlockStore is { } otherEbs && ebs.VolumeID == otherEbs.VolumeID)
                return true;
            // iSCSI: same IQN, unless both read-only.
            if (volume.Iscsi is { } iscsi && existing.Iscsi is { } otherIscsi &&
                iscsi.Iqn == otherIscsi.Iqn && !(iscsi.ReadOnlyProperty == true && otherIscsi.ReadOnlyProperty == true))
                return true;
            // RBD: the same image is a shared monitor, same pool and same image name; read-only everywhere is fine.
            if (volume.Rbd is { } rbd && existing.Rbd is { } otherRbd &&
                (rbd.Monitors ?? []).Intersect(otherRbd.Monitors ?? []).Any() &&
                (rbd.Pool ?? "rbd") == (otherRbd.Pool ?? "rbd") && rbd.Image == otherRbd.Image &&
                !(rbd.ReadOnlyProperty == true && otherRbd.ReadOnlyProperty == true))
                return true;
        }
        return false;
    }
}
