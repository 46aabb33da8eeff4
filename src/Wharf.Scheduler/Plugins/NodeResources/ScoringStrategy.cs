namespace Wharf.Scheduler.Plugins.NodeResources;

public sealed class ScoringStrategy
{
    public string Type { get; set; } = ScoringStrategyType.LeastAllocated;
    public List<ResourceSpec>? Resources { get; set; }
    public RequestedToCapacityRatioParam? RequestedToCapacityRatio { get; set; }
}
