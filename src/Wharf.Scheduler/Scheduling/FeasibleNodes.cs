namespace Wharf.Scheduler.Scheduling;

/// <summary>How many feasible nodes a cycle looks for before it stops filtering (upstream numFeasibleNodesToFind).</summary>
public static class FeasibleNodes
{
    public const int MinFeasibleNodesToFind = 100;
    public const int MinFeasibleNodesPercentageToFind = 5;

    /// <param name="percentage">Profile value, else global value; 0 or null selects the adaptive default 50 − n/125, at least 5.</param>
    public static int NumToFind(int numAllNodes, int? percentage)
    {
        if (numAllNodes < MinFeasibleNodesToFind) return numAllNodes;
        var p = percentage ?? 0;
        if (p == 0) p = Math.Max(50 - numAllNodes / 125, MinFeasibleNodesPercentageToFind);
        if (p >= 100) return numAllNodes;
        var n = (int)((long)numAllNodes * p / 100);
        return Math.Max(n, MinFeasibleNodesToFind);
    }
}
