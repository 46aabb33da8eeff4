namespace Wharf.Network.Proxy.Rules;

/// <summary>A set a service owns (a sessionAffinity set), with its body in nft syntax.</summary>
internal sealed record NftSet(string Name, string Definition);
