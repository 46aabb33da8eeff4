namespace Wharf.Scheduler.Scheduling;

/// <summary>Outcome of the algorithm part of a cycle: the chosen node and how many nodes were looked at.</summary>
public sealed record ScheduleResult(string SuggestedHost, int EvaluatedNodes, int FeasibleNodes);
