namespace Wharf.Scheduler.Plugins.NodeResources;

public static class ScoringStrategyType
{
    public const string LeastAllocated = "LeastAllocated";
    public const string MostAllocated = "MostAllocated";
    public const string RequestedToCapacityRatio = "RequestedToCapacityRatio";
}
