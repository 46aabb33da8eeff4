using System.Net;

namespace Wharf.Network.Proxy;

/// <summary>Settings of the nftables service proxy of one node.</summary>
public sealed record ServiceProxyOptions
{
    /// <summary>This node's name: endpoints with this nodeName are local (traffic policies) and its Node is watched.</summary>
    public required string NodeName { get; init; }

    /// <summary>
    /// Addresses NodePorts answer on, besides 127.0.0.1 and the IPv4 addresses in the Node's status (merged in as the
    /// Node informer sees them).
    /// </summary>
    public IReadOnlyList<IPAddress> NodeIPs { get; init; } = [];

    /// <summary>Pod addresses: traffic from outside it is masqueraded when it is sent to a service.</summary>
    public IPNetwork ClusterCidr { get; init; } = IPNetwork.Parse("10.42.0.0/16");

    /// <summary>ClusterIP range: a new connection to an address or port in it that no service answers is rejected.</summary>
    public IPNetwork ServiceCidr { get; init; } = IPNetwork.Parse("10.43.0.0/16");

    /// <summary>The nftables table (family ip) this proxy owns entirely.</summary>
    public string TableName { get; init; } = "wharf-proxy";

    /// <summary>
    /// Words put before <c>nft</c> and <c>sysctl</c> when they are run, e.g. <c>["ip", "netns", "exec", "NS"]</c> so a
    /// test programs a network namespace instead of the host.
    /// </summary>
    public IReadOnlyList<string> CommandPrefix { get; init; } = [];

    /// <summary>kube-proxy's --metrics-bind-address: Prometheus metrics of the proxy at /metrics; null: none.</summary>
    public IPEndPoint? MetricsBindAddress { get; init; } = new(IPAddress.Loopback, 10249);

    /// <summary>Where the healthCheckNodePort servers of externalTrafficPolicy=Local services listen.</summary>
    public IPAddress HealthCheckBindAddress { get; init; } = IPAddress.Any;

    /// <summary>Least time between the starts of two syncs: a burst of changes within it is applied as one batch.</summary>
    public TimeSpan MinSyncInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>First wait after a failed nft run; doubled on each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Set net.ipv4.conf.all.route_localnet=1 at start, which NodePorts on 127.0.0.1 need.</summary>
    public bool EnableLocalhostNodePorts { get; init; } = true;
}
