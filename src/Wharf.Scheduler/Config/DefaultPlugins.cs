using Wharf.Scheduler.Plugins;

namespace Wharf.Scheduler.Config;

/// <summary>Upstream v1 default MultiPoint plugin list with its score weights.</summary>
public static class DefaultPlugins
{
    public static IReadOnlyList<(string Name, int Weight)> MultiPoint { get; } =
    [
        (PluginNames.SchedulingGates, 0),
        (PluginNames.PrioritySort, 0),
        (PluginNames.NodeUnschedulable, 0),
        (PluginNames.NodeName, 0),
        (PluginNames.TaintToleration, 3),
        (PluginNames.NodeAffinity, 2),
        (PluginNames.NodePorts, 0),
        (PluginNames.NodeResourcesFit, 1),
        (PluginNames.VolumeRestrictions, 0),
        (PluginNames.NodeVolumeLimits, 0),
        (PluginNames.VolumeBinding, 0),
        (PluginNames.VolumeZone, 0),
        (PluginNames.PodTopologySpread, 2),
        (PluginNames.InterPodAffinity, 2),
        (PluginNames.DefaultPreemption, 0),
        (PluginNames.NodeResourcesBalancedAllocation, 1),
        (PluginNames.ImageLocality, 1),
        (PluginNames.DefaultBinder, 0),
    ];
}
