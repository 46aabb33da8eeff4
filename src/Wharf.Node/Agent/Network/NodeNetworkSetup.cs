using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Node.Cni;

namespace Wharf.Node.Agent.Network;

/// <summary>
/// Brings up the node's pod network once the node IPAM controller gave the Node its spec.podCIDR: the routes that
/// keep cluster and service addresses on this machine first, then the CNI conflist containerd picks up.
/// </summary>
internal sealed partial class NodeNetworkSetup(IApiClient client, NodeAgentOptions options, string cniConfDir, ILogger logger)
{
    private volatile bool _ready;

    public bool Ready => _ready;

    public string? PodCidr { get; private set; }

    public CniOptions? Cni { get; private set; }

    public async Task RunAsync(string nodeIp, CancellationToken ct)
    {
        var podCidr = await WaitForPodCidrAsync(ct);
        var mtu = options.PodMtu is { } podMtu ? await podMtu(nodeIp, ct) : 1500;
        await new UnreachableRoute(options.ClusterCidr).EnsureAsync(ct);
        await new LocalRoute(options.ServiceCidr).EnsureAsync(ct);
        foreach (var problem in await KernelForwarding.EnsureAsync(ct))
            LogKernelSetting(logger, problem);
        Cni = new CniOptions
        {
            ConfDir = cniConfDir,
            PodCidr = podCidr,
            IpamDataDir = Path.Combine(options.AgentDirectory, "cni", "networks"),
            NetworkName = options.CniNetworkName,
            BridgeName = options.BridgeName,
            Mtu = mtu,
        };
        CniConfig.Write(Cni);
        PodCidr = podCidr;
        _ready = true;
        LogReady(logger, podCidr, options.BridgeName);
    }

    private async Task<string> WaitForPodCidrAsync(CancellationToken ct)
    {
        var logged = false;
        while (true)
        {
            try
            {
                var node = await client.GetAsync(Resource.Nodes, null, options.NodeName, ct);
                if (node["spec"]?["podCIDR"].Str() is { Length: > 0 } cidr)
                    return cidr;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
            {
                // Not there yet or the server is restarting: keep asking.
            }
            if (!logged)
                LogWaiting(logger, options.NodeName);
            logged = true;
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    [LoggerMessage(EventId = 12022, Level = LogLevel.Warning, Message = "Pod network: {Problem}")]
    private static partial void LogKernelSetting(ILogger logger, string problem);

    [LoggerMessage(EventId = 12020, Level = LogLevel.Information, Message = "Waiting for node {Node} to get a pod CIDR")]
    private static partial void LogWaiting(ILogger logger, string node);

    [LoggerMessage(EventId = 12021, Level = LogLevel.Information, Message = "Pod network ready: {PodCidr} on bridge {Bridge}")]
    private static partial void LogReady(ILogger logger, string podCidr, string bridge);
}
