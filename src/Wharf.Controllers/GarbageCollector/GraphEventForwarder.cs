using Wharf.Client.Cache;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// The collector's handler on one informer. A shared informer outlives the collector (it belongs to the controller
/// manager) and has no way to remove a handler, so a stopped collector detaches by muting its forwarder: a collector
/// restarted after a failure then does not get every change twice.
/// </summary>
internal sealed class GraphEventForwarder(Action<GraphEvent> sink)
{
    private volatile bool _stopped;

    public ResourceEventHandler Handler => new()
    {
        OnAdd = o => Forward(GraphEvent.Observed(GraphEventType.Add, o, null)),
        OnUpdate = (old, o) => Forward(GraphEvent.Observed(GraphEventType.Update, o, old)),
        OnDelete = o => Forward(GraphEvent.Observed(GraphEventType.Delete, o, null)),
    };

    public void Stop() => _stopped = true;

    private void Forward(GraphEvent change)
    {
        if (!_stopped) sink(change);
    }
}
