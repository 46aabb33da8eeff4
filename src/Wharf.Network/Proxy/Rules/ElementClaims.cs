namespace Wharf.Network.Proxy.Rules;

/// <summary>
/// Who owns each key of the shared maps. Two services can ask for the same one (the same externalIP and port, two
/// LoadBalancers on one node address); nft refuses a second element with the key, which would fail the whole batch, so
/// the first claimant keeps it and the others wait until it is released.
/// </summary>
internal sealed class ElementClaims
{
    private readonly Dictionary<(string Set, string Key), string> _owners = [];
    private readonly Dictionary<(string Set, string Key), HashSet<string>> _waiting = [];

    public void Reset()
    {
        _owners.Clear();
        _waiting.Clear();
    }

    /// <summary>Gives up what <paramref name="rules"/> held; returns the keys freed.</summary>
    public IEnumerable<(string Set, string Key)> Release(ServiceRules rules)
    {
        var freed = new List<(string, string)>();
        foreach (var element in rules.Elements)
        {
            var key = (element.Set, element.Key);
            if (_owners.TryGetValue(key, out var owner) && owner == rules.Key)
            {
                _owners.Remove(key);
                freed.Add(key);
            }
        }
        return freed;
    }

    /// <summary>The rules without the elements another service holds; <paramref name="lost"/> gets their keys.</summary>
    public ServiceRules Claim(ServiceRules rules, List<(string Set, string Key)> lost)
    {
        var kept = new List<NftElement>(rules.Elements.Count);
        foreach (var element in rules.Elements)
        {
            var key = (element.Set, element.Key);
            if (_owners.TryGetValue(key, out var owner) && owner != rules.Key)
            {
                lost.Add(key);
                if (!_waiting.TryGetValue(key, out var waiting)) _waiting[key] = waiting = [];
                waiting.Add(rules.Key);
                continue;
            }
            _owners[key] = rules.Key;
            kept.Add(element);
        }
        return kept.Count == rules.Elements.Count ? rules : rules with { Elements = kept };
    }

    /// <summary>Services that wanted a key now free: they must be rebuilt to take it.</summary>
    public IEnumerable<string> WaitingFor(IEnumerable<(string Set, string Key)> freed)
    {
        var result = new HashSet<string>();
        foreach (var key in freed)
        {
            if (_owners.ContainsKey(key) || !_waiting.Remove(key, out var waiting)) continue;
            result.UnionWith(waiting);
        }
        return result;
    }
}
