using System.Net;

namespace Wharf.Network.Proxy.Model;

/// <summary>Where the proxy reads the cluster state from: informer caches in production, a dictionary in tests.</summary>
internal interface IProxyServiceSource
{
    /// <summary>Keys (<c>namespace/name</c>) of every service known.</summary>
    IReadOnlyList<string> ServiceKeys();

    /// <summary>The service with its endpoints, or null when it is gone or has nothing for the proxy.</summary>
    ProxyService? Read(string key);

    /// <summary>IPv4 addresses the Node object of this node reports.</summary>
    IReadOnlyList<IPAddress> NodeAddresses();
}
