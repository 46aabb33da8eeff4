using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.DaemonSet;

/// <summary>
/// Whether a node satisfies a pod spec's hard placement rules (upstream's <c>GetRequiredNodeAffinity(pod).Match</c>):
/// every nodeSelector label, and, when required node affinity is set, at least one of its terms, a term matching
/// when all its label expressions and field expressions (only <c>metadata.name</c>) hold and it has at least one.
/// </summary>
public static class RequiredNodeAffinity
{
    public static bool Matches(JsonObject? podSpec, JsonObject node)
    {
        var labels = node["metadata"]?["labels"] as JsonObject;
        if (podSpec?["nodeSelector"] is JsonObject selector &&
            selector.Any(kv => labels?[kv.Key].Str() is not { } v || v != kv.Value.Str()))
            return false;
        if (podSpec?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"] is not JsonObject required) return true;
        var terms = (required["nodeSelectorTerms"] as JsonArray ?? []).OfType<JsonObject>();
        var fields = new JsonObject { [DaemonSetLabels.NodeNameField] = ObjectMeta.Name(node) };
        return terms.Any(term => TermMatches(term, labels, fields));
    }

    private static bool TermMatches(JsonObject term, JsonObject? labels, JsonObject fields)
    {
        var expressions = (term["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var fieldExpressions = (term["matchFields"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        // A term with no requirements selects nothing, as upstream's NodeSelectorTerm.
        if (expressions.Count == 0 && fieldExpressions.Count == 0) return false;
        return expressions.All(e => RequirementMatches(e, labels)) && fieldExpressions.All(e => RequirementMatches(e, fields));
    }

    private static bool RequirementMatches(JsonObject requirement, JsonObject? source)
    {
        var key = requirement["key"].Str() ?? "";
        var has = source is not null && source.ContainsKey(key);
        var value = source?[key].Str();
        var values = (requirement["values"] as JsonArray ?? []).Select(v => v.Str()).ToList();
        return (requirement["operator"].Str() ?? "") switch
        {
            "In" => has && values.Contains(value),
            "NotIn" => !has || !values.Contains(value),
            "Exists" => has,
            "DoesNotExist" => !has,
            "Gt" => Compare(value, values) is > 0,
            "Lt" => Compare(value, values) is < 0,
            _ => false,
        };
    }

    /// <summary>Gt and Lt take one integer value and compare the label numerically; anything unparsable fails.</summary>
    private static int? Compare(string? label, List<string?> values)
    {
        if (values.Count != 1 || !long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)) return null;
        if (!long.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return null;
        return n.CompareTo(bound);
    }
}
