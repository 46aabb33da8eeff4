using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.DefaultBinder;
using Wharf.Scheduler.Plugins.DefaultPreemption;
using Wharf.Scheduler.Plugins.ImageLocality;
using Wharf.Scheduler.Plugins.InterPodAffinity;
using Wharf.Scheduler.Plugins.NodeAffinity;
using Wharf.Scheduler.Plugins.NodeName;
using Wharf.Scheduler.Plugins.NodePorts;
using Wharf.Scheduler.Plugins.NodeResources;
using Wharf.Scheduler.Plugins.NodeUnschedulable;
using Wharf.Scheduler.Plugins.NodeVolumeLimits;
using Wharf.Scheduler.Plugins.PodTopologySpread;
using Wharf.Scheduler.Plugins.PrioritySort;
using Wharf.Scheduler.Plugins.SchedulingGates;
using Wharf.Scheduler.Plugins.TaintToleration;
using Wharf.Scheduler.Plugins.VolumeBinding;
using Wharf.Scheduler.Plugins.VolumeRestrictions;
using Wharf.Scheduler.Plugins.VolumeZone;

namespace Wharf.Scheduler.Plugins;

/// <summary>Factories of every in-tree plugin, keyed by <see cref="PluginNames"/>.</summary>
public static class InTreeRegistry
{
    public static PluginRegistry Create() => new PluginRegistry()
        .Register(PluginNames.PrioritySort, _ => new PrioritySortPlugin())
        .Register(PluginNames.SchedulingGates, _ => new SchedulingGatesPlugin())
        .Register(PluginNames.NodeName, _ => new NodeNamePlugin())
        .Register(PluginNames.NodeUnschedulable, _ => new NodeUnschedulablePlugin())
        .Register(PluginNames.TaintToleration, _ => new TaintTolerationPlugin())
        .Register(PluginNames.NodeAffinity, c => new NodeAffinityPlugin(c.Args<NodeAffinityArgs>()))
        .Register(PluginNames.NodePorts, _ => new NodePortsPlugin())
        .Register(PluginNames.NodeResourcesFit, c => new FitPlugin(c.Args<NodeResourcesFitArgs>()))
        .Register(PluginNames.NodeResourcesBalancedAllocation, c => new BalancedAllocationPlugin(c.Args<NodeResourcesBalancedAllocationArgs>()))
        .Register(PluginNames.PodTopologySpread, c => new PodTopologySpreadPlugin(c.Handle, c.Args<PodTopologySpreadArgs>()))
        .Register(PluginNames.InterPodAffinity, c => new InterPodAffinityPlugin(c.Handle, c.Args<InterPodAffinityArgs>()))
        .Register(PluginNames.ImageLocality, c => new ImageLocalityPlugin(c.Handle))
        .Register(PluginNames.DefaultPreemption, c => new DefaultPreemptionPlugin(c.Handle, c.Args<DefaultPreemptionArgs>()))
        .Register(PluginNames.DefaultBinder, c => new DefaultBinderPlugin(c.Handle))
        .Register(PluginNames.VolumeRestrictions, c => new VolumeRestrictionsPlugin(c.Handle.Objects))
        .Register(PluginNames.VolumeBinding, VolumeBindingFactory.Create)
        .Register(PluginNames.NodeVolumeLimits, c => new NodeVolumeLimitsPlugin(c.Handle.Objects))
        .Register(PluginNames.VolumeZone, c => new VolumeZonePlugin(c.Handle.Objects));
}
