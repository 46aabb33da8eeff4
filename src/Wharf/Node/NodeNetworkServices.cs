using System.Net;
using Microsoft.Extensions.Logging;
using Wharf.Client.Rest;
using Wharf.Network.Dns;
using Wharf.Node.Agent.Network;

namespace Wharf.Node;

/// <summary>
/// The network components every node runs next to its agent, composed here so that Wharf.Node stays free of them:
/// the cluster DNS server bound to the cluster DNS address (a local route on every node, so each node answers its
/// own pods).
/// </summary>
internal static class NodeNetworkServices
{
    public static IReadOnlyList<NodeNetworkService> Create(NodeNetworkSettings settings, IApiClient client, ILoggerFactory loggers)
    {
        var services = new List<NodeNetworkService>();
        if (settings.Runs(DisabledComponents.Dns))
        {
            services.Add(new NodeNetworkService("cluster-dns", (network, ct) => ClusterDnsServer.RunAsync(new ClusterDnsOptions
            {
                ListenAddress = IPAddress.Parse(network.ClusterDnsIp),
                ClusterDomain = settings.ClusterDomain,
                ResolvConfPath = settings.ResolvConf,
            }, client, loggers, ct)));
        }
        return services;
    }
}
