using System.Net;

namespace Wharf.Network.Dns;

/// <summary>Settings of the built-in cluster DNS server.</summary>
public sealed record ClusterDnsOptions
{
    /// <summary>Address the UDP and TCP listeners bind to.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    public int Port { get; init; } = 53;

    /// <summary>The zone answered from the cluster state (without trailing dot).</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>resolv.conf whose <c>nameserver</c> lines name the upstreams for every other name.</summary>
    public string ResolvConfPath { get; init; } = "/etc/resolv.conf";

    /// <summary>resolv.conf cannot carry a port; tests point this at a fake upstream on a high port.</summary>
    public int UpstreamPort { get; init; } = 53;

    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>TTL of cluster answers; short because services and endpoints change under clients.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound on how long an upstream answer is reused, whatever its own TTL says.</summary>
    public TimeSpan MaxCacheTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Entries of the upstream answer cache, and of the encoded answer cache of the UDP path.</summary>
    public int CacheCapacity { get; init; } = 10_000;

    /// <summary>UDP receive threads, each on its own SO_REUSEPORT socket.</summary>
    public int UdpReceivers { get; init; } = Environment.ProcessorCount;

    /// <summary>Address of the Prometheus endpoint (/metrics); loopback like CoreDNS's usual deployment.</summary>
    public IPAddress MetricsAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Port of the Prometheus endpoint, 9153 as CoreDNS; 0 turns it off.</summary>
    public int MetricsPort { get; init; } = 9153;
}
