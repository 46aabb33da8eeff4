namespace Wharf.Scheduler.Plugins.NodeResources;

public sealed class NodeResourcesFitArgs
{
    public List<string> IgnoredResources { get; set; } = [];
    public List<string> IgnoredResourceGroups { get; set; } = [];
    public ScoringStrategy? ScoringStrategy { get; set; }
}
