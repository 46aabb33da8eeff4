namespace Wharf.Node;

/// <summary>The command-line choices that shape a node's network services (k3s' <c>--disable</c>, <c>--resolv-conf</c>).</summary>
internal sealed record NodeNetworkSettings
{
    /// <summary>Upstream resolvers of the cluster DNS for names outside the cluster domain.</summary>
    public string ResolvConf { get; init; } = "/etc/resolv.conf";

    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>Built-in components turned off: <c>dns</c>, <c>servicelb</c>, <c>ingress</c>, <c>proxy</c>.</summary>
    public IReadOnlySet<string> Disabled { get; init; } = new HashSet<string>();

    public bool Runs(string component) => !Disabled.Contains(component);
}
