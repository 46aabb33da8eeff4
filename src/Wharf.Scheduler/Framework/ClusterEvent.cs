namespace Wharf.Scheduler.Framework;

/// <summary>A change in the cluster that may make rejected pods schedulable; plugins register the ones they care about.</summary>
public sealed record ClusterEvent(EventResource Resource, ActionType Action, string Label)
{
    public static readonly ClusterEvent AssignedPodAdd = new(EventResource.Pod, ActionType.Add, "AssignedPodAdd");
    public static readonly ClusterEvent AssignedPodDelete = new(EventResource.Pod, ActionType.Delete, "AssignedPodDelete");
    public static readonly ClusterEvent NodeAdd = new(EventResource.Node, ActionType.Add, "NodeAdd");
    public static readonly ClusterEvent NodeDelete = new(EventResource.Node, ActionType.Delete, "NodeDelete");
    public static readonly ClusterEvent UnschedulableTimeout = new(EventResource.Wildcard, ActionType.All, "UnschedulableTimeout");
    public static readonly ClusterEvent ForceActivate = new(EventResource.Wildcard, ActionType.All, "ForceActivate");

    public ClusterEvent(EventResource resource, ActionType action) : this(resource, action, $"{resource}{action}") { }

    public bool IsWildcard => Resource == EventResource.Wildcard && Action == ActionType.All;

    /// <summary>True when this registration covers <paramref name="incoming"/>.</summary>
    public bool Matches(ClusterEvent incoming) =>
        IsWildcard || incoming.IsWildcard || (Resource == incoming.Resource && (Action & incoming.Action) != 0);

    public override string ToString() => Label;
}
