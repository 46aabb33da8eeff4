using k8s.Models;

namespace Wharf.Scheduler.Util;

/// <summary>
/// A compiled v1.NodeSelector: terms are ORed, requirements inside a term ANDed; an empty term matches nothing;
/// matchFields support only metadata.name, as upstream.
/// </summary>
public sealed class NodeSelectorMatcher
{
    private readonly Term[] _terms;

    private NodeSelectorMatcher(Term[] terms) => _terms = terms;

    public static NodeSelectorMatcher Compile(V1NodeSelector selector) =>
        new([.. (selector.NodeSelectorTerms ?? []).Select(Term.Compile)]);

    public bool Matches(V1Node node)
    {
        foreach (var t in _terms)
            if (t.Matches(node)) return true;
        return false;
    }

    /// <summary>Matches one preferred-scheduling term (same rules as one required term).</summary>
    public static bool TermMatches(V1NodeSelectorTerm term, V1Node node) => Term.Compile(term).Matches(node);

    internal sealed record Term(V1NodeSelectorRequirement[] Expressions, V1NodeSelectorRequirement[] Fields)
    {
        public static Term Compile(V1NodeSelectorTerm t) => new([.. t.MatchExpressions ?? []], [.. t.MatchFields ?? []]);

        public bool Matches(V1Node node)
        {
            if (Expressions.Length == 0 && Fields.Length == 0) return false;
            var labels = node.Metadata?.Labels;
            foreach (var e in Expressions)
                if (!RequirementMatches(e, labels)) return false;
            foreach (var f in Fields)
            {
                if (f.Key != "metadata.name") return false;
                var fields = new Dictionary<string, string> { ["metadata.name"] = node.Metadata?.Name ?? "" };
                if (f.OperatorProperty is not ("In" or "NotIn") || !RequirementMatches(f, fields)) return false;
            }
            return true;
        }
    }

    private static bool RequirementMatches(V1NodeSelectorRequirement r, IDictionary<string, string>? labels)
    {
        string? value = null;
        var has = labels is not null && labels.TryGetValue(r.Key, out value);
        var values = r.Values ?? [];
        switch (r.OperatorProperty)
        {
            case "In": return has && values.Contains(value);
            case "NotIn": return !has || !values.Contains(value);
            case "Exists": return has;
            case "DoesNotExist": return !has;
            case "Gt":
            case "Lt":
                if (!has || values.Count != 1 || !long.TryParse(value, out var actual) || !long.TryParse(values[0], out var bound)) return false;
                return r.OperatorProperty == "Gt" ? actual > bound : actual < bound;
            default: return false;
        }
    }
}
