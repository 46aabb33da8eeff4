using k8s.Models;

namespace Wharf.Scheduler.Util;

/// <summary>A compiled metav1.LabelSelector. A null API selector matches nothing; an empty one matches everything.</summary>
public sealed class LabelSelector
{
    public static readonly LabelSelector Nothing = new([], matchesNothing: true);
    public static readonly LabelSelector Everything = new([], matchesNothing: false);

    private readonly Requirement[] _requirements;
    private readonly bool _matchesNothing;
    private NamespacedCountKeys? _countKeys;

    private LabelSelector(Requirement[] requirements, bool matchesNothing)
    {
        _requirements = requirements;
        _matchesNothing = matchesNothing;
        EqualityRequirements = [.. requirements.Where(r => r.Operator == "In").Select(r => (r.Key, (IReadOnlyList<string>)r.Values))];
    }

    public bool IsEverything => !_matchesNothing && _requirements.Length == 0;

    public bool IsNothing => _matchesNothing;

    /// <summary>
    /// The "key in (values)" requirements (matchLabels and In expressions). A pod that carries none of the values
    /// of one of them cannot match, which lets indexes of labels rule pods out without testing them.
    /// </summary>
    public IReadOnlyList<(string Key, IReadOnlyList<string> Values)> EqualityRequirements { get; }

    /// <summary>
    /// <see cref="EqualityRequirements"/> as label-count keys in namespace <paramref name="ns"/>, one array of keys
    /// (one per value) per requirement: built once and kept for the last namespace asked, since a selector (an
    /// owner's, shared by its pods) is looked up on every node of every cycle in its pods' namespace. Safe to call
    /// concurrently: racing callers build equal arrays and either may be kept.
    /// </summary>
    public LabelCountKey[][] CountKeys(string ns)
    {
        var cached = _countKeys;
        if (cached is not null && string.Equals(cached.Namespace, ns, StringComparison.Ordinal)) return cached.Keys;
        var keys = new LabelCountKey[EqualityRequirements.Count][];
        for (var i = 0; i < keys.Length; i++)
        {
            var (key, values) = EqualityRequirements[i];
            keys[i] = [.. values.Select(v => new LabelCountKey(ns, key, v))];
        }
        _countKeys = new NamespacedCountKeys(ns, keys);
        return keys;
    }

    private sealed record NamespacedCountKeys(string Namespace, LabelCountKey[][] Keys);

    /// <summary>Whether the selector is exactly one "key in (value)" requirement: then counting that label is counting matches.</summary>
    public bool IsSingleEquality => !_matchesNothing && _requirements.Length == 1 && EqualityRequirements.Count == 1 && EqualityRequirements[0].Values.Count == 1;

    public static LabelSelector Compile(V1LabelSelector? selector)
    {
        if (selector is null) return Nothing;
        var reqs = new List<Requirement>();
        foreach (var (k, v) in selector.MatchLabels ?? new Dictionary<string, string>())
            reqs.Add(new Requirement(k, "In", [v]));
        foreach (var e in selector.MatchExpressions ?? [])
            reqs.Add(new Requirement(e.Key, e.OperatorProperty, [.. e.Values ?? []]));
        return reqs.Count == 0 ? Everything : new LabelSelector([.. reqs], false);
    }

    /// <summary>Builds a selector from a label map (Service and ReplicationController selectors).</summary>
    public static LabelSelector FromMap(IDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0 ? Nothing : new LabelSelector([.. labels.Select(kv => new Requirement(kv.Key, "In", [kv.Value]))], false);

    /// <summary>Adds "key in (value)" requirements (matchLabelKeys of topology spread).</summary>
    public LabelSelector With(IEnumerable<KeyValuePair<string, string>> pairs) =>
        _matchesNothing ? this : new LabelSelector([.. _requirements, .. pairs.Select(kv => new Requirement(kv.Key, "In", [kv.Value]))], false);

    /// <summary>Conjunction of selectors: a pod must match all of them.</summary>
    public static LabelSelector All(IReadOnlyList<LabelSelector> selectors) =>
        selectors.Any(s => s._matchesNothing) ? Nothing : new LabelSelector([.. selectors.SelectMany(s => s._requirements)], false);

    public bool Matches(IDictionary<string, string>? labels)
    {
        if (_matchesNothing) return false;
        foreach (var r in _requirements)
            if (!r.Matches(labels)) return false;
        return true;
    }

    private sealed record Requirement(string Key, string Operator, string[] Values)
    {
        public bool Matches(IDictionary<string, string>? labels)
        {
            string? value = null;
            var has = labels is not null && labels.TryGetValue(Key, out value);
            return Operator switch
            {
                "In" => has && Values.Contains(value),
                "NotIn" => !has || !Values.Contains(value),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
        }
    }
}
