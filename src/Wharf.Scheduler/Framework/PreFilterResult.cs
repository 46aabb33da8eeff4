namespace Wharf.Scheduler.Framework;

/// <summary>Restriction of the candidate nodes computed in PreFilter; null NodeNames means all nodes.</summary>
public sealed record PreFilterResult(IReadOnlySet<string>? NodeNames)
{
    public bool AllNodes => NodeNames is null;

    /// <summary>Intersection of two restrictions, as upstream's Merge.</summary>
    public static PreFilterResult? Merge(PreFilterResult? a, PreFilterResult? b)
    {
        if (a is null || a.AllNodes) return b;
        if (b is null || b.AllNodes) return a;
        return new PreFilterResult(a.NodeNames!.Where(b.NodeNames!.Contains).ToHashSet(StringComparer.Ordinal));
    }
}
