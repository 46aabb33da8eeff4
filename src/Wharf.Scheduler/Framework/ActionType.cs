namespace Wharf.Scheduler.Framework;

/// <summary>What happened to an object, at the granularity plugins register for (upstream ActionType).</summary>
[Flags]
public enum ActionType
{
    None = 0,
    Add = 1 << 0,
    Delete = 1 << 1,
    UpdateNodeAllocatable = 1 << 2,
    UpdateNodeLabel = 1 << 3,
    UpdateNodeTaint = 1 << 4,
    UpdateNodeCondition = 1 << 5,
    UpdateNodeAnnotation = 1 << 6,
    UpdatePodLabel = 1 << 7,
    UpdatePodScaleDown = 1 << 8,
    UpdatePodTolerations = 1 << 9,
    UpdatePodSchedulingGatesEliminated = 1 << 10,
    UpdateOther = 1 << 11,
    Update = UpdateNodeAllocatable | UpdateNodeLabel | UpdateNodeTaint | UpdateNodeCondition | UpdateNodeAnnotation |
             UpdatePodLabel | UpdatePodScaleDown | UpdatePodTolerations | UpdatePodSchedulingGatesEliminated | UpdateOther,
    All = Add | Delete | Update,
}
