namespace Wharf.Scheduler.Plugins.DefaultPreemption;

public sealed class DefaultPreemptionArgs
{
    /// <summary>Share of nodes to dry-run for candidates (default 10%).</summary>
    public int MinCandidateNodesPercentage { get; set; } = 10;

    /// <summary>Lower bound on candidates examined (default 100).</summary>
    public int MinCandidateNodesAbsolute { get; set; } = 100;
}
