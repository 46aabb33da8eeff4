using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.Placeholder;

/// <summary>
/// NOT IMPLEMENTED: stands in for the volume plugins (VolumeRestrictions, VolumeBinding, NodeVolumeLimits,
/// VolumeZone) so default profiles load; it skips every pod and so checks nothing.
/// </summary>
internal sealed class PlaceholderPlugin(string name) : IPreFilterPlugin, IFilterPlugin
{
    public string Name { get; } = name;

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        return Status.SkipStatus;
    }

    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo) => Status.Success;
}
