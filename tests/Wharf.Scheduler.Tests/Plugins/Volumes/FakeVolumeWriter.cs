using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Plugins.VolumeBinding;

namespace Wharf.Scheduler.Tests.Plugins.Volumes;

/// <summary>API server and informer in one: an update bumps the resourceVersion and lands in the store at once.</summary>
internal sealed class FakeVolumeWriter(ClusterObjects objects) : IPersistentVolumeWriter
{
    public List<V1PersistentVolume> PvUpdates { get; } = [];
    public List<V1PersistentVolumeClaim> PvcUpdates { get; } = [];

    public Task<V1PersistentVolume> UpdatePersistentVolumeAsync(V1PersistentVolume pv, CancellationToken ct)
    {
        var stored = Bump(pv);
        lock (PvUpdates) PvUpdates.Add(stored);
        objects.Apply(ClusterChangeType.Modified, stored);
        return Task.FromResult(stored);
    }

    public Task<V1PersistentVolumeClaim> UpdatePersistentVolumeClaimAsync(V1PersistentVolumeClaim pvc, CancellationToken ct)
    {
        var stored = Bump(pvc);
        lock (PvcUpdates) PvcUpdates.Add(stored);
        objects.Apply(ClusterChangeType.Modified, stored);
        return Task.FromResult(stored);
    }

    /// <summary>The PV controller's half: the claim gets its volume and the bind-completed mark.</summary>
    public void CompleteBinding(string claim, string volume)
    {
        var pvc = StorageHelpers.Clone(objects.PersistentVolumeClaim(Storage.Ns, claim)!);
        pvc.Spec.VolumeName = volume;
        (pvc.Metadata.Annotations ??= new Dictionary<string, string>())[StorageHelpers.AnnBindCompleted] = "yes";
        objects.Apply(ClusterChangeType.Modified, Bump(pvc));
    }

    private static T Bump<T>(T obj) where T : k8s.IKubernetesObject<V1ObjectMeta>
    {
        var copy = StorageHelpers.Clone(obj);
        copy.Metadata.ResourceVersion = (long.Parse(obj.Metadata.ResourceVersion ?? "0") + 1).ToString();
        return copy;
    }
}
