using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Queue;

namespace Wharf.Controllers.Endpoints;

/// <summary>
/// Informer handlers of the controllers whose queue is keyed by service (Endpoints, EndpointSlice, mirroring): the
/// same wiring in each, so one place decides which changes wake a service up.
/// </summary>
internal static class ServiceKeyHandlers
{
    /// <summary>Every add, update and delete enqueues the object's own key (a Service, or the Endpoints named after it).</summary>
    public static ResourceEventHandler OwnKey(WorkQueue<string> queue) => new()
    {
        OnAdd = o => queue.Add(CacheKeys.For(o)),
        OnUpdate = (_, o) => queue.Add(CacheKeys.For(o)),
        OnDelete = o => queue.Add(CacheKeys.For(o)),
    };

    /// <summary>
    /// A pod's changes enqueue the services that select it, before and after the change (a relabelled pod leaves
    /// one service for another); resyncs, which change nothing, are skipped.
    /// </summary>
    public static ResourceEventHandler PodServices(WorkQueue<string> queue, ISharedIndexInformer services)
    {
        void EnqueueServicesOf(JsonObject pod)
        {
            foreach (var key in ServiceSelector.ServicesOf(services.Store, pod)) queue.Add(key);
        }

        return new ResourceEventHandler
        {
            OnAdd = EnqueueServicesOf,
            OnUpdate = (old, pod) =>
            {
                if (ObjectMeta.ResourceVersion(old) == ObjectMeta.ResourceVersion(pod)) return;
                EnqueueServicesOf(old);
                EnqueueServicesOf(pod);
            },
            OnDelete = EnqueueServicesOf,
        };
    }

    /// <summary>
    /// An EndpointSlice's changes enqueue the key it maps to, for the old and the new state alike: a slice taken over
    /// by another manager, or handed to us, matters to both.
    /// </summary>
    /// <param name="onDelete">What a deletion does besides (or instead of) enqueuing; the owner's bookkeeping.</param>
    public static ResourceEventHandler Slices(Action<JsonObject> enqueueOwnerOf, Action<JsonObject> onDelete) => new()
    {
        OnAdd = enqueueOwnerOf,
        OnUpdate = (old, slice) =>
        {
            enqueueOwnerOf(old);
            enqueueOwnerOf(slice);
        },
        OnDelete = onDelete,
    };
}
