using System.Net;

namespace Wharf.Network.Proxy.Model;

/// <summary>
/// A service as the proxy sees it. A node-local one (label <c>wharf.io/node-local: "true"</c>) is answered by a
/// process bound to its ClusterIP on every node, so the proxy only exempts that address.
/// </summary>
internal sealed record ProxyService(string Namespace, string Name, IPAddress ClusterIp, bool NodeLocal, IReadOnlyList<ProxyServicePort> Ports, int HealthCheckNodePort)
{
    public string Key => $"{Namespace}/{Name}";
}
