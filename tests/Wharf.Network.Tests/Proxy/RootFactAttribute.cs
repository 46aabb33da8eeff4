namespace Wharf.Network.Tests.Proxy;

/// <summary>A fact that needs root (network namespaces, nft); skipped for other users.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Privileges.IsRoot) Skip = "needs root: creates network namespaces and nftables tables";
    }
}
