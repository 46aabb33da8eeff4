using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// One cycle's Filter plugins (those of <see cref="All"/> not skipped by their PreFilter), in order, with each one's
/// Filter bound as a delegate (see <see cref="CycleState.FiltersToRun"/>).
/// </summary>
internal sealed class FilterPlan
{
    private FilterPlan(IFilterPlugin[] all, int skipCount, IFilterPlugin[] run)
    {
        All = all;
        SkipCount = skipCount;
        Run = run;
        Calls = new Func<CycleState, V1Pod, NodeInfo, Status>[run.Length];
        for (var i = 0; i < run.Length; i++) Calls[i] = run[i].Filter;
    }

    public IFilterPlugin[] All { get; }
    public int SkipCount { get; }
    public IFilterPlugin[] Run { get; }
    public Func<CycleState, V1Pod, NodeInfo, Status>[] Calls { get; }

    public static FilterPlan Of(IFilterPlugin[] all, IReadOnlySet<string> skip)
    {
        if (skip.Count == 0) return new FilterPlan(all, 0, all);
        var run = new List<IFilterPlugin>(all.Length);
        foreach (var p in all)
            if (!skip.Contains(p.Name)) run.Add(p);
        return new FilterPlan(all, skip.Count, [.. run]);
    }
}
