using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// A compiled pod (anti-)affinity term. Namespaces default to the owning pod's namespace when neither a
/// list nor a namespaceSelector is given; an empty namespaceSelector means all namespaces.
/// Build one through <see cref="AffinityTerms.For"/>: pods of one workload then share one instance, which lets
/// <see cref="MatchesPodToSchedule"/> remember its answer for the pod being scheduled across all of them.
/// </summary>
public sealed class AffinityTerm
{
    private MatchMemo? _lastPodToSchedule;

    public AffinityTerm(V1PodAffinityTerm term, string podNamespace)
    {
        TopologyKey = term.TopologyKey ?? "";
        Selector = LabelSelector.Compile(term.LabelSelector);
        NamespaceSelector = LabelSelector.Compile(term.NamespaceSelector);
        var ns = term.Namespaces ?? [];
        Namespaces = ns.Count == 0 && term.NamespaceSelector is null ? [podNamespace] : [.. ns];
    }

    public string TopologyKey { get; }
    public LabelSelector Selector { get; }
    public HashSet<string> Namespaces { get; }
    public LabelSelector NamespaceSelector { get; }

    /// <summary>True when the term selects <paramref name="pod"/>; namespace labels are looked up only when needed.</summary>
    public bool Matches(V1Pod pod, Func<string, IDictionary<string, string>?> namespaceLabels)
    {
        var ns = pod.Metadata?.NamespaceProperty ?? "";
        if (!Namespaces.Contains(ns) && (NamespaceSelector.IsNothing || !NamespaceSelector.Matches(namespaceLabels(ns)))) return false;
        return Selector.Matches(pod.Metadata?.Labels);
    }

    /// <summary>
    /// <see cref="Matches"/> for a term of an existing pod tested against the one pod being scheduled: every existing
    /// pod sharing this term asks the same question in a cycle, so the last answer is kept with the pod it belongs to
    /// (one immutable pair, so concurrent callers see either the old pair or the new one). A pod object is never
    /// changed in place (an update brings a new object), so the answer holds as long as the reference does — unless
    /// the term reads namespace labels, which can change under the same pod: such a term is evaluated every time.
    /// </summary>
    public bool MatchesPodToSchedule(V1Pod pod, Func<string, IDictionary<string, string>?> namespaceLabels)
    {
        var last = Volatile.Read(ref _lastPodToSchedule);
        if (last is not null && ReferenceEquals(last.Pod, pod)) return last.Matches;
        var matches = Matches(pod, namespaceLabels);
        if (NamespaceSelector.IsNothing) Volatile.Write(ref _lastPodToSchedule, new MatchMemo(pod, matches));
        return matches;
    }

    private sealed record MatchMemo(V1Pod Pod, bool Matches);
}
