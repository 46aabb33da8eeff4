namespace Wharf.Node.Agent.Stats;

/// <summary>The node's process table: the pid limit and how many processes exist.</summary>
public sealed record RlimitStats(DateTimeOffset Time, long MaxPid, long CurrentProcesses);
