namespace Wharf.Scheduler.Framework;

public sealed record WeightedAffinityTerm(AffinityTerm Term, int Weight);
