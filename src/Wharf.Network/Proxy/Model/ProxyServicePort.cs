using System.Net;

namespace Wharf.Network.Proxy.Model;

/// <summary>What the proxy needs of one port of a service, endpoints included.</summary>
internal sealed record ProxyServicePort
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>Lower case: tcp, udp or sctp, as nft spells them.</summary>
    public required string Protocol { get; init; }

    public required int Port { get; init; }

    public string PortName { get; init; } = "";

    public required IPAddress ClusterIp { get; init; }

    /// <summary>0 when the service has none.</summary>
    public int NodePort { get; init; }

    public IReadOnlyList<IPAddress> ExternalIps { get; init; } = [];

    public IReadOnlyList<IPAddress> LoadBalancerIps { get; init; } = [];

    /// <summary>loadBalancerSourceRanges in CIDR form; empty lets every source in.</summary>
    public IReadOnlyList<string> SourceRanges { get; init; } = [];

    public bool ExternalPolicyLocal { get; init; }

    public bool InternalPolicyLocal { get; init; }

    /// <summary>sessionAffinity ClientIP timeout; 0 when there is no affinity.</summary>
    public int AffinitySeconds { get; init; }

    public IReadOnlyList<ProxyEndpoint> Endpoints { get; init; } = [];

    /// <summary>ns/name/proto/port: unique per service port, and readable in <c>nft list</c>.</summary>
    public string Id => $"{Namespace}/{Name}/{Protocol}/{Port}";

    public bool HasExternal => NodePort > 0 || ExternalIps.Count > 0 || LoadBalancerIps.Count > 0;
}
