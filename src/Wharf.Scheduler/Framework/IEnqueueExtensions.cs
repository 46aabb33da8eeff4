namespace Wharf.Scheduler.Framework;

/// <summary>Plugins that reject pods say which cluster events could make those pods schedulable again.</summary>
public interface IEnqueueExtensions : IPlugin
{
    IReadOnlyList<ClusterEvent> EventsToRegister();
}
