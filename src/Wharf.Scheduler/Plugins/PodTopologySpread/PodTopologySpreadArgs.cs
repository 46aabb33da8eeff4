using k8s.Models;

namespace Wharf.Scheduler.Plugins.PodTopologySpread;

public sealed class PodTopologySpreadArgs
{
    public const string SystemDefaulting = "System";
    public const string ListDefaulting = "List";

    /// <summary>Used (with DefaultingType List) for pods that declare no constraints; needs empty labelSelector.</summary>
    public List<V1TopologySpreadConstraint> DefaultConstraints { get; set; } = [];

    public string DefaultingType { get; set; } = SystemDefaulting;
}
