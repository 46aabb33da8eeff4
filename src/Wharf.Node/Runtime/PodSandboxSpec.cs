using Wharf.Node.Cri.V1;

namespace Wharf.Node.Runtime;

/// <summary>What a pod worker asks of a sandbox; mapped 1:1 onto CRI's PodSandboxConfig.</summary>
public sealed record PodSandboxSpec
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public required string Uid { get; init; }

    public uint Attempt { get; init; }

    public string Hostname { get; init; } = "";

    /// <summary>Absolute folder for the pod's container logs (kubelet: /var/log/pods/NS_NAME_UID).</summary>
    public required string LogDirectory { get; init; }

    public DnsSpec? Dns { get; init; }

    public IReadOnlyList<PortSpec> Ports { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Absolute cgroup path (cgroupfs driver) the pod's containers go under, e.g. /wharf/podUID.</summary>
    public string CgroupParent { get; init; } = "";

    /// <summary>Share the node's network namespace instead of getting a CNI-managed one.</summary>
    public bool HostNetwork { get; init; }

    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();
}

/// <summary>resolv.conf contents for the pod.</summary>
public sealed record DnsSpec(IReadOnlyList<string> Servers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options);

/// <summary>A hostPort mapping handled by the portmap CNI plugin.</summary>
public sealed record PortSpec(int ContainerPort, int HostPort, Protocol Protocol = Protocol.Tcp, string HostIp = "");
