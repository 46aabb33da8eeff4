namespace Wharf.Network.Tests.Proxy;

/// <summary>A theory that needs root (network namespaces, nft); skipped for other users.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!Privileges.IsRoot) Skip = "needs root: creates network namespaces and nftables tables";
    }
}
