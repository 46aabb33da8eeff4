namespace Wharf.Controllers.Job;

/// <summary>A podFailurePolicy rule that matched a failed pod: its action and the message upstream writes for it.</summary>
public sealed record PodFailurePolicyMatch(string Action, string Message);
