namespace Wharf.Network.Proxy.Rules;

/// <summary>A regular (non-base) chain and its rules in nft syntax.</summary>
internal sealed record NftChain(string Name, IReadOnlyList<string> Rules)
{
    public bool SameRules(NftChain other) => Rules.SequenceEqual(other.Rules);
}
