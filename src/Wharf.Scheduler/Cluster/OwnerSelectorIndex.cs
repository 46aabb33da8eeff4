using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Cluster;

/// <summary>
/// The selectors of one namespace's pod owners (Services, ReplicationControllers, ReplicaSets, StatefulSets), filed
/// under one of their "key in (value)" requirements so that finding a pod's owners tests only the selectors filed
/// under one of the pod's own labels (a namespace holds thousands of owners; a pod has a handful of labels).
/// Selectors without such a requirement are tested for every pod; selectors that match nothing are not filed at all.
/// </summary>
internal sealed class OwnerSelectorIndex
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (LabelSelector Selector, (string Key, string Value)? Pair)> _byOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Value), Dictionary<string, LabelSelector>> _byPair = [];
    private readonly Dictionary<string, LabelSelector> _unfiled = new(StringComparer.Ordinal);

    public void Set(string owner, LabelSelector selector)
    {
        lock (_lock)
        {
            Unfile(owner);
            if (selector.IsNothing) { _byOwner[owner] = (selector, null); return; }
            var pair = LeastCrowdedPair(selector);
            _byOwner[owner] = (selector, pair);
            if (pair is not { } p) _unfiled[owner] = selector;
            else if (_byPair.TryGetValue(p, out var bucket)) bucket[owner] = selector;
            else _byPair[p] = new Dictionary<string, LabelSelector>(StringComparer.Ordinal) { [owner] = selector };
        }
    }

    public void Remove(string owner)
    {
        lock (_lock)
        {
            Unfile(owner);
            _byOwner.Remove(owner);
        }
    }

    /// <summary>The selectors that match the labels (each once; order carries no meaning).</summary>
    public IReadOnlyList<LabelSelector> Matching(IDictionary<string, string>? labels)
    {
        List<LabelSelector>? result = null;
        lock (_lock)
        {
            foreach (var selector in _unfiled.Values)
                if (selector.Matches(labels)) (result ??= []).Add(selector);
            foreach (var (key, value) in labels ?? new Dictionary<string, string>())
            {
                if (value is null || !_byPair.TryGetValue((key, value), out var bucket)) continue;
                foreach (var selector in bucket.Values)
                    if (selector.Matches(labels)) (result ??= []).Add(selector);
            }
        }
        return result is null ? [] : result;
    }

    private void Unfile(string owner)
    {
        if (!_byOwner.TryGetValue(owner, out var old)) return;
        if (old.Pair is not { } p) { _unfiled.Remove(owner); return; }
        var bucket = _byPair[p];
        bucket.Remove(owner);
        if (bucket.Count == 0) _byPair.Remove(p);
    }

    /// <summary>
    /// A single-valued "key in (value)" requirement, preferring the one whose bucket is smallest now (a selector
    /// such as tier=web,app=shop is better filed under app=shop when many selectors share tier=web).
    /// A pod matching the selector necessarily carries that pair, so looking only in its labels' buckets misses nothing.
    /// </summary>
    private (string Key, string Value)? LeastCrowdedPair(LabelSelector selector)
    {
        (string Key, string Value)? best = null;
        var bestCount = int.MaxValue;
        foreach (var (key, values) in selector.EqualityRequirements)
        {
            if (values.Count != 1 || values[0] is not { } value) continue;
            var count = _byPair.TryGetValue((key, value), out var bucket) ? bucket.Count : 0;
            if (count < bestCount) (best, bestCount) = ((key, value), count);
        }
        return best;
    }
}
