namespace Wharf.Scheduler.Framework;

/// <summary>Why a pod found no node: per-node statuses, rejecting plugins, PreFilter and PostFilter messages.</summary>
public sealed class Diagnosis
{
    public NodeToStatus NodeToStatus { get; } = new();
    public HashSet<string> UnschedulablePlugins { get; } = [];
    public HashSet<string> PendingPlugins { get; } = [];
    public string PreFilterMsg { get; set; } = "";
    public string PostFilterMsg { get; set; } = "";
}
