namespace Wharf.Scheduler.Framework;

/// <summary>Status of a PostFilter call plus, on success, the node the pod is nominated to and how many pods were evicted for it.</summary>
public readonly record struct PostFilterOutcome(Status Status, string? NominatedNodeName = null, int Victims = 0);
