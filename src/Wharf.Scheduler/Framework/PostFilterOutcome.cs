namespace Wharf.Scheduler.Framework;

/// <summary>Status of a PostFilter call plus, on success, the node the pod is nominated to.</summary>
public readonly record struct PostFilterOutcome(Status Status, string? NominatedNodeName = null);
