namespace Wharf.Scheduler.Plugins.NodeResources;

public sealed class ScoringStrategy
{
    public const string LeastAllocated = "LeastAllocated";
    public const string MostAllocated = "MostAllocated";
    public const string RequestedToCapacityRatio = "RequestedToCapacityRatio";

    public string Type { get; set; } = LeastAllocated;
    public List<ResourceSpec>? Resources { get; set; }
    public RequestedToCapacityRatioParam? RequestedToCapacityRatio { get; set; }
}

public sealed class RequestedToCapacityRatioParam
{
    public List<UtilizationShapePoint> Shape { get; set; } = [];
}

/// <summary>Utilization 0–100 → score 0–10 (scaled ×10 to node scores), as upstream.</summary>
public sealed class UtilizationShapePoint
{
    public int Utilization { get; set; }
    public int Score { get; set; }
}
