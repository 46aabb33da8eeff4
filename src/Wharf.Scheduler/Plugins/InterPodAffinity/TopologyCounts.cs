using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.InterPodAffinity;

/// <summary>Pod counts per (topology key, value) with upstream's update rules.</summary>
internal sealed class TopologyCounts : Dictionary<(string Key, string Value), long>
{
    public TopologyCounts() { }

    private TopologyCounts(TopologyCounts other) : base(other) { }

    public TopologyCounts Copy() => new(this);

    public void AddFor(string key, V1Node node, long delta)
    {
        if (node.Metadata?.Labels is not { } labels || !labels.TryGetValue(key, out var v)) return;
        Add((key, v), delta);
    }

    /// <summary>Adds pod counts per value of <paramref name="key"/> (an existing term's pods, domain by domain).</summary>
    public void AddDomains(string key, IReadOnlyDictionary<string, long> podsByDomain)
    {
        foreach (var (value, pods) in podsByDomain) Add((key, value), pods);
    }

    /// <summary>A domain whose count comes back to zero is dropped, so that Count says whether any domain has pods.</summary>
    private void Add((string Key, string Value) domain, long delta)
    {
        var n = this.GetValueOrDefault(domain) + delta;
        if (n == 0) Remove(domain);
        else this[domain] = n;
    }

    /// <summary>Affinity counts rise only when the pod matches every term (upstream updateWithAffinityTerms).</summary>
    public void UpdateWithAffinityTerms(IReadOnlyList<AffinityTerm> terms, V1Pod pod, V1Node node, long delta, Func<string, IDictionary<string, string>?> nsLabels)
    {
        if (terms.Count == 0 || !terms.All(t => t.Matches(pod, nsLabels))) return;
        foreach (var t in terms) AddFor(t.TopologyKey, node, delta);
    }

    /// <summary>
    /// Anti-affinity terms of an existing pod against the pod being scheduled: the same as
    /// <see cref="UpdateWithAntiAffinityTerms"/>, with the answer shared by all existing pods carrying the same term.
    /// </summary>
    public void UpdateWithExistingAntiAffinityTerms(IReadOnlyList<AffinityTerm> terms, V1Pod podToSchedule, V1Node node, long delta, Func<string, IDictionary<string, string>?> nsLabels)
    {
        for (var i = 0; i < terms.Count; i++)
            if (terms[i].MatchesPodToSchedule(podToSchedule, nsLabels)) AddFor(terms[i].TopologyKey, node, delta);
    }

    public void UpdateWithAntiAffinityTerms(IReadOnlyList<AffinityTerm> terms, V1Pod pod, V1Node node, long delta, Func<string, IDictionary<string, string>?> nsLabels)
    {
        foreach (var t in terms)
            if (t.Matches(pod, nsLabels)) AddFor(t.TopologyKey, node, delta);
    }
}
