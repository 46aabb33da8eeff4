namespace Wharf.Network.Overlay;

/// <summary>Settings of the multi-node pod network on one node.</summary>
public sealed record OverlayOptions
{
    /// <summary>The Node this agent runs as; its spec.podCIDR is served locally, the others' are routed.</summary>
    public required string NodeName { get; init; }

    public OverlayBackend Backend { get; init; } = OverlayBackend.Vxlan;

    /// <summary>
    /// Whole cluster pod range. Routes are only programmed for pod subnets inside it, so a bogus Node can never
    /// claim other destinations (e.g. a /0 that would replace the default route).
    /// </summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>
    /// Like <c>--flannel-iface</c>: an interface name or one of its IPv4 addresses. When null, the interface holding
    /// <see cref="NodeIp"/>, else the one of the default route.
    /// </summary>
    public string? Interface { get; init; }

    /// <summary>
    /// The node's address, used to pick the interface when <see cref="Interface"/> is not set; when null too, the
    /// Node's first InternalIP from its status is used.
    /// </summary>
    public string? NodeIp { get; init; }

    /// <summary>Address other nodes send to (flannel's <c>--public-ip</c>); defaults to the interface's first IPv4.</summary>
    public string? PublicIp { get; init; }

    /// <summary>VXLAN device name; Linux limits names to 15 characters.</summary>
    public string VxlanDevice { get; init; } = "wharf.1";

    public int Vni { get; init; } = 1;

    /// <summary>UDP port of the VXLAN device; 8472 is what flannel and the Linux kernel default to.</summary>
    public int VxlanPort { get; init; } = 8472;

    /// <summary>Masquerade pod traffic that leaves the cluster CIDR.</summary>
    public bool Masquerade { get; init; } = true;

    /// <summary>Our own nftables table (family ip); created and replaced whole.</summary>
    public string NftTable { get; init; } = "wharf-overlay";

    /// <summary>
    /// Route protocol number that marks the routes we own, so stale ones are found and removed without touching
    /// anybody else's (87 = 'W', unused by iproute2's known protocols).
    /// </summary>
    public int RouteProtocol { get; init; } = 87;

    /// <summary>
    /// Prepended to every <c>ip</c>/<c>bridge</c>/<c>nft</c>/<c>iptables</c> command, e.g. <c>["ip","netns","exec","node1"]</c>
    /// in tests. Empty on a real node.
    /// </summary>
    public IReadOnlyList<string> CommandPrefix { get; init; } = [];

    public string IpPath { get; init; } = "/usr/sbin/ip";
    public string BridgePath { get; init; } = "/usr/sbin/bridge";
    public string NftPath { get; init; } = "/usr/sbin/nft";
    public string IptablesPath { get; init; } = "/usr/sbin/iptables";

    /// <summary>A full reconcile runs this often even without Node changes, repairing anything removed by hand.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries of a failed reconcile (backoff starts at 5 ms and doubles).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);
}
