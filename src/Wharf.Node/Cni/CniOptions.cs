namespace Wharf.Node.Cni;

/// <summary>The node's pod network: one bridge, host-local addresses from the node's pod CIDR.</summary>
public sealed record CniOptions
{
    /// <summary>Folder containerd's CRI plugin reads conflists from (its <c>cni.conf_dir</c>).</summary>
    public required string ConfDir { get; init; }

    /// <summary>The node's pod CIDR, e.g. 10.42.0.0/24 (spec.podCIDR).</summary>
    public required string PodCidr { get; init; }

    /// <summary>
    /// Where host-local keeps its leases. Defaults under the agent's data dir rather than the system-wide
    /// /var/lib/cni/networks, so each agent (and each test) has its own.
    /// </summary>
    public required string IpamDataDir { get; init; }

    public string NetworkName { get; init; } = "wharf";

    /// <summary>Linux limits interface names to 15 characters.</summary>
    public string BridgeName { get; init; } = "wharf0";

    public int Mtu { get; init; } = 1500;

    /// <summary>SNAT pod traffic to other hosts; off until the networking layer owns NAT (and always off in tests).</summary>
    public bool IpMasquerade { get; init; }

    public string ConflistPath => Path.Combine(ConfDir, "10-" + NetworkName + ".conflist");
}
