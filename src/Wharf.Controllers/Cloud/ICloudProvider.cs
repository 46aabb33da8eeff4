namespace Wharf.Controllers.Cloud;

/// <summary>
/// The seam upstream's cloud-controller-manager plugs a cloud into (cloud-provider's Interface): what a provider
/// offers, each part optional. Wharf ships the local provider; another one drops in here.
/// </summary>
public interface ICloudProvider
{
    /// <summary>The provider's name, used in providerIDs (<c>NAME://…</c>) and logs.</summary>
    string Name { get; }

    /// <summary>Load balancers for Services of type LoadBalancer; null when the provider has none.</summary>
    ILoadBalancer? LoadBalancer { get; }
}
