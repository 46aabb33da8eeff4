using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.PrioritySort;

/// <summary>Higher priority first; equal priorities in queue-arrival order.</summary>
internal sealed class PrioritySortPlugin : IQueueSortPlugin
{
    public string Name => PluginNames.PrioritySort;

    public bool Less(QueuedPodInfo a, QueuedPodInfo b)
    {
        var (pa, pb) = (a.Pod.Priority(), b.Pod.Priority());
        return pa > pb || (pa == pb && a.Timestamp < b.Timestamp);
    }
}
