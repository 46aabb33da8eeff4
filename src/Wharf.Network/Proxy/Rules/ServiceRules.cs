namespace Wharf.Network.Proxy.Rules;

/// <summary>
/// Everything one service contributes to the table: its own chains and sets, and its elements in the shared maps.
/// Syncs compare these per service, so a change rewrites only what differs.
/// </summary>
internal sealed record ServiceRules(string Key, IReadOnlyList<NftChain> Chains, IReadOnlyList<NftSet> Sets, IReadOnlyList<NftElement> Elements)
{
    public int RuleCount => Chains.Sum(c => c.Rules.Count);
}
