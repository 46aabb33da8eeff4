namespace Wharf.Node;

/// <summary>The command-line choices that shape a node's network services (k3s' <c>--disable</c>, <c>--resolv-conf</c>).</summary>
internal sealed record NodeNetworkSettings
{
    /// <summary>Upstream resolvers of the cluster DNS for names outside the cluster domain.</summary>
    public string ResolvConf { get; init; } = "/etc/resolv.conf";

    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>--cluster-dns-metrics-port: the cluster DNS /metrics port on loopback; 0 turns it off.</summary>
    public int ClusterDnsMetricsPort { get; init; } = 9153;

    /// <summary>Built-in components turned off: <c>dns</c>, <c>servicelb</c>, <c>ingress</c>, <c>proxy</c>.</summary>
    public IReadOnlySet<string> Disabled { get; init; } = new HashSet<string>();

    /// <summary>--flannel-backend: how pod subnets of different nodes are connected; null (<c>none</c>) leaves it to others.</summary>
    public Network.Overlay.OverlayBackend? OverlayBackend { get; init; } = Network.Overlay.OverlayBackend.Vxlan;

    /// <summary>--flannel-iface: the interface (name or address) the overlay uses; default the node IP's.</summary>
    public string? OverlayInterface { get; init; }

    /// <summary>--ingress-http-port / --ingress-https-port of the server's ingress controller (0: that listener off).</summary>
    public int IngressHttpPort { get; init; } = 80;

    public int IngressHttpsPort { get; init; } = 443;

    public bool Runs(string component) => !Disabled.Contains(component);
}
