using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Batching;

/// <summary>
/// The nodes of a cycle's ranking that were not chosen, best first (higher total score; equal scores keep the order
/// the cycle evaluated them in). Popped one per batched pod. Built and sorted on first use only: most rankings are
/// never read (the pod is unsignable, or the next pod still fits the node chosen last).
/// </summary>
public sealed class SortedScoredNodes
{
    private readonly IReadOnlyList<NodeInfo>? _feasible;
    private readonly long[]? _totals;
    private readonly int _chosen;
    private readonly int _count;
    private (string Name, long Score)[]? _sorted;
    private int _next;

    public SortedScoredNodes(IEnumerable<(string Name, long Score)> nodes)
    {
        _sorted = Sort(nodes);
        _count = _sorted.Length;
    }

    private SortedScoredNodes(IReadOnlyList<NodeInfo> feasible, long[] totals, int chosen)
    {
        _feasible = feasible;
        _totals = totals;
        _chosen = chosen;
        _count = feasible.Count - 1;
    }

    /// <summary>Every feasible node but the chosen one, with its total score (the cycle's lists are kept, not copied).</summary>
    public static SortedScoredNodes AllBut(IReadOnlyList<NodeInfo> feasible, long[] totals, int chosen) => new(feasible, totals, chosen);

    public int Count => _count - _next;

    /// <summary>The best remaining node, removed from the ranking.</summary>
    public string Pop()
    {
        if (_next >= _count) throw new InvalidOperationException("the ranking is empty");
        _sorted ??= Sort(_feasible!.Select((n, i) => (n.Name, _totals![i])).Where((_, i) => i != _chosen));
        return _sorted[_next++].Name;
    }

    // OrderByDescending is stable (Array.Sort is not): ties stay in evaluation order.
    private static (string Name, long Score)[] Sort(IEnumerable<(string Name, long Score)> nodes) => [.. nodes.OrderByDescending(n => n.Score)];
}
