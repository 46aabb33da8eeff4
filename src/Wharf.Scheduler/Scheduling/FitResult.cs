using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Scheduling;

/// <summary>What the Filter part of a cycle found, with the batch hint it was given and the pod's signature (both may be null).</summary>
public sealed record FitResult(List<NodeInfo> Feasible, Diagnosis Diagnosis, string? Hint, string? Signature);
