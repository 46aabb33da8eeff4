using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Batching;

/// <summary>
/// The nodes of a cycle's ranking that were not chosen, best first (higher total score; equal scores keep the order
/// the cycle evaluated them in). Popped one per batched pod. Sorted on first use: most rankings are never read (the
/// pod is unsignable, or the next pod does not fill its node).
/// </summary>
public sealed class SortedScoredNodes
{
    private readonly (string Name, long Score)[] _nodes;
    private bool _sorted;
    private int _next;

    public SortedScoredNodes(IEnumerable<(string Name, long Score)> nodes) => _nodes = [.. nodes];

    private SortedScoredNodes((string Name, long Score)[] nodes) => _nodes = nodes;

    /// <summary>Every feasible node but the chosen one, with its total score.</summary>
    public static SortedScoredNodes AllBut(IReadOnlyList<NodeInfo> feasible, long[] totals, int chosen)
    {
        var nodes = new (string Name, long Score)[feasible.Count - 1];
        var j = 0;
        for (var i = 0; i < feasible.Count; i++)
            if (i != chosen) nodes[j++] = (feasible[i].Name, totals[i]);
        return new SortedScoredNodes(nodes);
    }

    public int Count => _nodes.Length - _next;

    /// <summary>The best remaining node, removed from the ranking.</summary>
    public string Pop()
    {
        if (_next >= _nodes.Length) throw new InvalidOperationException("the ranking is empty");
        if (!_sorted)
        {
            // A stable sort, so that ties stay in evaluation order (Array.Sort is not stable).
            var ordered = _nodes.OrderByDescending(n => n.Score).ToArray();
            ordered.CopyTo(_nodes, 0);
            _sorted = true;
        }
        return _nodes[_next++].Name;
    }
}
