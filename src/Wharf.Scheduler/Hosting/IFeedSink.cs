using k8s;
using k8s.Models;

namespace Wharf.Scheduler.Hosting;

/// <summary>Where a <see cref="WatchedKind"/>'s informer hands its typed notifications.</summary>
internal interface IFeedSink
{
    void Added(IKubernetesObject<V1ObjectMeta> obj);

    void Modified(IKubernetesObject<V1ObjectMeta> obj);

    void Deleted(IKubernetesObject<V1ObjectMeta> obj);
}
