using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// Upstream pickOneNodeForPreemption: fewest PDB violations, then lowest highest-priority victim, then smallest
/// priority sum, then fewest victims, then the latest start among the highest-priority victims, then the first.
/// </summary>
public static class CandidateSelector
{
    public static Candidate? Pick(IReadOnlyList<Candidate> candidates)
    {
        if (candidates.Count == 0) return null;
        var criteria = new Func<Candidate, long>[]
        {
            c => -c.NumPdbViolations,
            c => -HighestPriority(c),
            c => -c.Victims.Sum(v => (long)v.Priority() + int.MaxValue + 1L),
            c => -c.Victims.Count,
            c => EarliestStartOfHighestPriority(c).Ticks,
        };
        var remaining = candidates.ToList();
        foreach (var score in criteria)
        {
            var best = remaining.Max(score);
            remaining = remaining.Where(c => score(c) == best).ToList();
            if (remaining.Count == 1) break;
        }
        return remaining[0];
    }

    private static int HighestPriority(Candidate c) => c.Victims.Count == 0 ? int.MinValue : c.Victims.Max(v => v.Priority());

    private static DateTime EarliestStartOfHighestPriority(Candidate c)
    {
        var top = HighestPriority(c);
        return c.Victims.Where(v => v.Priority() == top).Select(v => v.StartTime()).DefaultIfEmpty(DateTime.MinValue).Min();
    }
}
