namespace Wharf.Scheduler.Plugins.NodeResources;

public sealed class NodeResourcesBalancedAllocationArgs
{
    public List<ResourceSpec>? Resources { get; set; }
}
