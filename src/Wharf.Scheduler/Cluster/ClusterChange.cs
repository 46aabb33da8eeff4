using k8s;
using k8s.Models;

namespace Wharf.Scheduler.Cluster;

/// <summary>One informer notification; <see cref="Object"/> is null only for <see cref="ClusterChangeType.Synced"/>.</summary>
public sealed record ClusterChange(ClusterChangeType Type, IKubernetesObject<V1ObjectMeta>? Object)
{
    public static readonly ClusterChange Synced = new(ClusterChangeType.Synced, null);

    public static ClusterChange Added(IKubernetesObject<V1ObjectMeta> obj) => new(ClusterChangeType.Added, obj);
    public static ClusterChange Modified(IKubernetesObject<V1ObjectMeta> obj) => new(ClusterChangeType.Modified, obj);
    public static ClusterChange Deleted(IKubernetesObject<V1ObjectMeta> obj) => new(ClusterChangeType.Deleted, obj);
}
