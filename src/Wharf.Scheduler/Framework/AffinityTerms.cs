using System.Collections.Concurrent;
using System.Text;
using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// Shares one compiled <see cref="AffinityTerm"/> among all pods whose terms say the same thing: the pods of one
/// workload carry identical terms, and a shared instance answers "does it select the pod being scheduled" once per
/// cycle instead of once per pod. Two terms are the same when topology key, label selector, resolved namespaces and
/// namespace selector are written the same (the owning namespace counts only through the namespaces it resolves to).
/// The table is bounded: past <see cref="Capacity"/> distinct terms it starts again, which only costs sharing.
/// </summary>
public static class AffinityTerms
{
    internal const int Capacity = 4096;

    private static readonly ConcurrentDictionary<string, AffinityTerm> s_shared = new(StringComparer.Ordinal);

    public static AffinityTerm For(V1PodAffinityTerm term, string podNamespace)
    {
        var key = KeyOf(term, podNamespace);
        if (s_shared.TryGetValue(key, out var shared)) return shared;
        if (s_shared.Count >= Capacity) s_shared.Clear();
        return s_shared.GetOrAdd(key, _ => new AffinityTerm(term, podNamespace));
    }

    /// <summary>A canonical text of what the term means; map entries sorted, list order kept (a different order only misses sharing).</summary>
    internal static string KeyOf(V1PodAffinityTerm term, string podNamespace)
    {
        var b = new StringBuilder();
        Field(b, term.TopologyKey ?? "");
        Selector(b, term.LabelSelector);
        Selector(b, term.NamespaceSelector);
        var namespaces = term.Namespaces ?? [];
        if (namespaces.Count == 0 && term.NamespaceSelector is null) Field(b, podNamespace);
        else foreach (var ns in namespaces.Order(StringComparer.Ordinal)) Field(b, ns);
        return b.ToString();
    }

    private static void Selector(StringBuilder b, V1LabelSelector? selector)
    {
        if (selector is null) { b.Append('\u0002'); return; }
        b.Append('\u0003');
        foreach (var (k, v) in (selector.MatchLabels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Field(b, k);
            Field(b, v);
        }
        b.Append('\u0004');
        foreach (var e in selector.MatchExpressions ?? [])
        {
            Field(b, e.Key);
            Field(b, e.OperatorProperty);
            foreach (var v in e.Values ?? []) Field(b, v);
            b.Append('\u0005');
        }
        b.Append('\u0006');
    }

    /// <summary>Length-prefixed, so that no label text can be mistaken for a separator.</summary>
    private static void Field(StringBuilder b, string? value) => b.Append(value?.Length ?? -1).Append(':').Append(value);
}
