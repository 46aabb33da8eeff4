using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// A compiled pod (anti-)affinity term. Namespaces default to the owning pod's namespace when neither a
/// list nor a namespaceSelector is given; an empty namespaceSelector means all namespaces.
/// </summary>
public sealed class AffinityTerm
{
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
        if (!Namespaces.Contains(ns) && !NamespaceSelector.Matches(namespaceLabels(ns))) return false;
        return Selector.Matches(pod.Metadata?.Labels);
    }
}
