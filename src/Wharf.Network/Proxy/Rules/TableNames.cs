namespace Wharf.Network.Proxy.Rules;

/// <summary>Names of the fixed chains, sets and maps of the proxy's table, and the prefixes of per-service ones.</summary>
internal static class TableNames
{
    public const string ServiceIps = "service-ips";
    public const string ServiceNodePorts = "service-nodeports";
    public const string NoEndpointServices = "no-endpoint-services";
    public const string NoEndpointNodePorts = "no-endpoint-nodeports";
    public const string FirewallIps = "firewall-ips";
    public const string NodePortIps = "nodeport-ips";
    public const string NodeLocalIps = "node-local-ips";

    public const string MarkForMasquerade = "mark-for-masquerade";
    public const string Masquerading = "masquerading";
    public const string RejectChain = "reject-chain";
    public const string Services = "services";
    public const string ServiceCheck = "service-check";
    public const string FirewallCheck = "firewall-check";

    /// <summary>Spreads cluster traffic over all usable endpoints.</summary>
    public static string ServiceChain(string portId) => $"svc-{portId}";

    /// <summary>Spreads over this node's usable endpoints (traffic policy Local).</summary>
    public static string LocalChain(string portId) => $"loc-{portId}";

    /// <summary>Entry of NodePort, externalIP and load-balancer traffic.</summary>
    public static string ExternalChain(string portId) => $"ext-{portId}";

    /// <summary>loadBalancerSourceRanges filter.</summary>
    public static string FirewallChain(string portId) => $"fw-{portId}";

    /// <summary>DNAT to one endpoint; the target port is part of the name because it can differ per endpoint.</summary>
    public static string EndpointChain(string portId, string endpoint) => $"ep-{portId}__{endpoint}";

    public static string AffinitySet(string portId, string endpoint) => $"aff-{portId}__{endpoint}";
}
