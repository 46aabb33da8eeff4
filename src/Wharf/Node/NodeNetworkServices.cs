using System.Net;
using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Network.Dns;
using Wharf.Network.Overlay;
using Wharf.Network.Proxy;
using Wharf.Node.Agent.Network;

namespace Wharf.Node;

/// <summary>
/// The network components every node runs next to its agent, composed here so that Wharf.Node stays free of them:
/// the cluster DNS server bound to the cluster DNS address (a local route on every node, so each node answers its
/// own pods), the nftables service proxy, and the overlay that connects the pod subnets of all nodes. Each runs on informers of its own, so a
/// restarted component starts from a clean cache.
/// </summary>
internal static class NodeNetworkServices
{
    public static IReadOnlyList<NodeNetworkService> Create(NodeNetworkSettings settings, IApiClient client, ILoggerFactory loggers)
    {
        var services = new List<NodeNetworkService>();
        if (settings.Runs(DisabledComponents.Dns))
        {
            services.Add(new NodeNetworkService("cluster-dns", (network, ct) => WithInformersAsync(client, loggers, informers =>
                ClusterDnsServer.RunAsync(new ClusterDnsOptions
                {
                    ListenAddress = IPAddress.Parse(network.ClusterDnsIp),
                    ClusterDomain = settings.ClusterDomain,
                    ResolvConfPath = settings.ResolvConf,
                    MetricsPort = settings.ClusterDnsMetricsPort,
                }, informers, loggers, ct))));
        }
        if (settings.Runs(DisabledComponents.Proxy))
        {
            services.Add(new NodeNetworkService("service-proxy", (network, ct) => WithInformersAsync(client, loggers, informers =>
                ServiceProxy.RunAsync(new ServiceProxyOptions
                {
                    NodeName = network.NodeName,
                    NodeIPs = IPAddress.TryParse(network.NodeIp, out var nodeIp) ? [nodeIp] : [],
                    ClusterCidr = IPNetwork.Parse(network.ClusterCidr),
                    ServiceCidr = IPNetwork.Parse(network.ServiceCidr),
                }, informers, loggers, ct))));
        }
        if (settings.OverlayBackend is not null)
        {
            services.Add(new NodeNetworkService("overlay", (network, ct) => WithInformersAsync(client, loggers, informers =>
                OverlayNetwork.RunAsync(OverlayOptions(settings, network.NodeName, network.NodeIp, network.ClusterCidr), client, informers, loggers, ct))));
        }
        return services;
    }

    /// <summary>The pod MTU for the agent's CNI config: the overlay's when one runs, else the usual 1500.</summary>
    public static Func<string, CancellationToken, Task<int>>? PodMtu(NodeNetworkSettings settings, string nodeName, string clusterCidr) =>
        settings.OverlayBackend is null
            ? null
            : (nodeIp, ct) => OverlayNetwork.PodMtuAsync(OverlayOptions(settings, nodeName, nodeIp, clusterCidr), ct);

    private static OverlayOptions OverlayOptions(NodeNetworkSettings settings, string nodeName, string nodeIp, string clusterCidr) => new()
    {
        NodeName = nodeName,
        Backend = settings.OverlayBackend ?? OverlayBackend.Vxlan,
        ClusterCidr = clusterCidr,
        Interface = settings.OverlayInterface,
        NodeIp = nodeIp,
    };

    /// <summary>
    /// A factory of the component's own, its cache without managedFields (as the controllers' and the scheduler's):
    /// none of these components reads them, and on an agent they would be most of what the informers keep.
    /// </summary>
    private static async Task WithInformersAsync(IApiClient client, ILoggerFactory loggers, Func<SharedInformerFactory, Task> run)
    {
        var informers = new SharedInformerFactory(client, InformerOptions.Default with { Transform = InformerTransforms.StripManagedFields }, loggers);
        try
        {
            await run(informers);
        }
        finally
        {
            await informers.ShutdownAsync();
        }
    }
}
