using System.Text.Json.Nodes;

namespace Wharf.Controllers.PodControl;

/// <summary>
/// A compiled label selector over JSON labels: a metav1.LabelSelector (ReplicaSet, Deployment) or a plain map
/// (ReplicationController). A missing selector matches nothing; an empty one matches everything, as upstream's
/// <c>LabelSelectorAsSelector</c> does.
/// </summary>
public sealed class SelectorMatcher
{
    public static readonly SelectorMatcher Nothing = new([], matchesNothing: true);

    private readonly (string Key, string Op, string[] Values)[] _requirements;
    private readonly bool _matchesNothing;

    private SelectorMatcher((string, string, string[])[] requirements, bool matchesNothing)
    {
        _requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    public bool IsEverything => !_matchesNothing && _requirements.Length == 0;

    /// <summary>Compiles <c>{matchLabels, matchExpressions}</c>; throws <see cref="FormatException"/> on an unknown operator.</summary>
    public static SelectorMatcher FromLabelSelector(JsonNode? selector)
    {
        if (selector is not JsonObject s) return Nothing;
        var reqs = new List<(string, string, string[])>();
        if (s["matchLabels"] is JsonObject labels)
            reqs.AddRange(labels.Select(kv => (kv.Key, "In", new[] { kv.Value.Str() ?? "" })));
        if (s["matchExpressions"] is JsonArray expressions)
        {
            foreach (var e in expressions.OfType<JsonObject>())
            {
                var op = e["operator"].Str() ?? "";
                if (op is not ("In" or "NotIn" or "Exists" or "DoesNotExist"))
                    throw new FormatException($"\"{op}\" is not a valid label selector operator");
                var values = e["values"] is JsonArray v ? v.Select(x => x.Str() ?? "").ToArray() : [];
                reqs.Add((e["key"].Str() ?? "", op, values));
            }
        }
        return new SelectorMatcher([.. reqs], false);
    }

    /// <summary>A map selector; null or empty matches nothing (a ReplicationController always has one after defaulting).</summary>
    public static SelectorMatcher FromMap(JsonNode? map) =>
        map is JsonObject o && o.Count > 0
            ? new SelectorMatcher([.. o.Select(kv => (kv.Key, "In", new[] { kv.Value.Str() ?? "" }))], false)
            : Nothing;

    /// <summary>Whether an object's metadata.labels satisfy every requirement.</summary>
    public bool MatchesObject(JsonObject obj) => Matches(obj["metadata"]?["labels"] as JsonObject);

    public bool Matches(JsonObject? labels)
    {
        if (_matchesNothing) return false;
        foreach (var (key, op, values) in _requirements)
        {
            var value = labels?[key].Str();
            var has = labels is not null && labels.ContainsKey(key);
            var ok = op switch
            {
                "In" => has && values.Contains(value),
                "NotIn" => !has || !values.Contains(value),
                "Exists" => has,
                _ => !has,
            };
            if (!ok) return false;
        }
        return true;
    }
}
