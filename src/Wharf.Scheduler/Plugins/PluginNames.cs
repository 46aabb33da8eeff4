namespace Wharf.Scheduler.Plugins;

/// <summary>In-tree plugin names, as upstream's plugins/names.</summary>
public static class PluginNames
{
    public const string PrioritySort = "PrioritySort";
    public const string SchedulingGates = "SchedulingGates";
    public const string NodeName = "NodeName";
    public const string NodeUnschedulable = "NodeUnschedulable";
    public const string NodeResourcesFit = "NodeResourcesFit";
    public const string NodeResourcesBalancedAllocation = "NodeResourcesBalancedAllocation";
    public const string NodeAffinity = "NodeAffinity";
    public const string TaintToleration = "TaintToleration";
    public const string NodePorts = "NodePorts";
    public const string PodTopologySpread = "PodTopologySpread";
    public const string InterPodAffinity = "InterPodAffinity";
    public const string ImageLocality = "ImageLocality";
    public const string DefaultPreemption = "DefaultPreemption";
    public const string DefaultBinder = "DefaultBinder";
    public const string VolumeRestrictions = "VolumeRestrictions";
    public const string VolumeBinding = "VolumeBinding";
    public const string NodeVolumeLimits = "NodeVolumeLimits";
    public const string VolumeZone = "VolumeZone";
}
