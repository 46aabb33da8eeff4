namespace Wharf.Scheduler.Framework;

/// <summary>Orders the active queue; exactly one per scheduler, shared by all profiles.</summary>
public interface IQueueSortPlugin : IPlugin
{
    bool Less(QueuedPodInfo a, QueuedPodInfo b);
}
