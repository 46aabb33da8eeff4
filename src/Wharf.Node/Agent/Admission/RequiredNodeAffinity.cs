using System.Globalization;
using k8s.Models;

namespace Wharf.Node.Agent.Admission;

/// <summary>
/// spec.nodeSelector and the required node affinity: every selector label must be equal, and when required terms
/// exist one of them must match (a term's expressions and fields all hold; an empty term matches nothing).
/// </summary>
internal static class RequiredNodeAffinity
{
    public static bool Matches(V1PodSpec spec, V1Node node)
    {
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        foreach (var (key, value) in spec.NodeSelector ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
                return false;
        }
        var terms = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is null)
            return true;
        var fields = new Dictionary<string, string> { ["metadata.name"] = node.Metadata?.Name ?? "" };
        return terms.Any(t => TermMatches(t, labels, fields));
    }

    private static bool TermMatches(V1NodeSelectorTerm term, IDictionary<string, string> labels, IDictionary<string, string> fields)
    {
        var expressions = term.MatchExpressions ?? [];
        var fieldExpressions = term.MatchFields ?? [];
        if (expressions.Count == 0 && fieldExpressions.Count == 0)
            return false;
        return expressions.All(e => Holds(e, labels)) && fieldExpressions.All(e => Holds(e, fields));
    }

    internal static bool Holds(V1NodeSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(requirement.Key, out var value);
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => present && values.Contains(value!),
            "NotIn" => !present || !values.Contains(value!),
            "Exists" => present,
            "DoesNotExist" => !present,
            "Gt" => present && Compare(value!, values) is > 0,
            "Lt" => present && Compare(value!, values) is < 0,
            _ => false,
        };
    }

    /// <summary>Gt/Lt compare integers; a label or bound that is not one never matches.</summary>
    private static int? Compare(string label, IList<string> values) =>
        values.Count == 1
        && long.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;
}
