namespace Wharf.Scheduler.Plugins.NodeResources;

public sealed class RequestedToCapacityRatioParam
{
    public List<UtilizationShapePoint> Shape { get; set; } = [];
}
