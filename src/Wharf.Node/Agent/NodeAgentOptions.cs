using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Node.Agent;

/// <summary>What <c>wharf server</c> and <c>wharf agent</c> configure of the node agent (kubelet flags in comments).</summary>
public sealed record NodeAgentOptions
{
    /// <summary>--node-name (default: the host name, lower case).</summary>
    public string NodeName { get; init; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>--data-dir: containerd, pod volumes, logs and CNI state all live below it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>--cluster-dns</summary>
    public string ClusterDnsIp { get; init; } = "10.43.0.10";

    /// <summary>--cluster-domain</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>--cluster-cidr: every node's pod CIDR lies inside; routed to unreachable so pod traffic never leaves.</summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>--service-cidr: a <c>local</c> route keeps connections to service IPs on this machine.</summary>
    public string ServiceCidr { get; init; } = "10.43.0.0/16";

    /// <summary>Folder of image archives imported at start and when they appear (default DATA/agent/images).</summary>
    public string? ImagesDirectory { get; init; }

    /// <summary>--container-runtime-endpoint; null = start and supervise an own containerd under the data dir.</summary>
    public string? ContainerRuntimeEndpoint { get; init; }

    /// <summary>
    /// --registry-config: registries.yaml in k3s' format (mirrors, plain-http and TLS, credentials) for the agent's own
    /// containerd; null = containerd's defaults. Ignored with --container-runtime-endpoint.
    /// </summary>
    public string? RegistryConfig { get; init; }

    /// <summary>Adds the node-role.kubernetes.io/control-plane label (the node also runs the control plane).</summary>
    public bool Server { get; init; }

    /// <summary>--node-ip (default: the address of the interface that holds the default route).</summary>
    public string? NodeIp { get; init; }

    /// <summary>The sandbox image containerd is configured with; must be among the imported images.</summary>
    public string SandboxImage { get; init; } = "wharf.local/pause:3.10";

    /// <summary>Root of the pod logs (kubelet's /var/log/pods); default DATA/agent/pod-logs.</summary>
    public string? PodLogDirectory { get; init; }

    /// <summary>Cgroup (cgroupfs driver) the pods go under, with burstable/ and besteffort/ children as upstream.</summary>
    public string CgroupRoot { get; init; } = "/kubepods";

    /// <summary>Bridge the CNI plugin creates; tests give each run its own.</summary>
    public string BridgeName { get; init; } = "wharf0";

    /// <summary>CNI network name (also names host-local's lease folder).</summary>
    public string CniNetworkName { get; init; } = "wharf";

    /// <summary>Lease renewal (kubelet: 10 s = a quarter of the 40 s lease).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>--node-status-update-frequency: how often conditions are re-checked (a change is posted at once).</summary>
    public TimeSpan NodeStatusUpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>--node-status-report-frequency: unchanged status is still posted this often.</summary>
    public TimeSpan NodeStatusReportFrequency { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the runtime's sandboxes and containers are listed for state changes, which wake the pods' workers
    /// (kubelet's PLEG relist: 1 s); also how often a pod that is still starting, backing off or stopping re-syncs.
    /// </summary>
    public TimeSpan PodResyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a pod whose containers all run re-syncs anyway (kubelet's --sync-frequency is 1 min): changes reach
    /// it sooner through the relist, its probes and the watch, so this is only a safety net.
    /// </summary>
    public TimeSpan SettledPodResyncInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CrashLoopBackOff: first delay and cap (upstream 10 s and 5 min).</summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>--port: the kubelet API's HTTPS port; the API server reaches it at the node's InternalIP.</summary>
    public int KubeletPort { get; init; } = 10250;

    /// <summary>--address: what the kubelet API binds (kubelet: all addresses).</summary>
    public IPAddress KubeletAddress { get; init; } = IPAddress.Any;

    /// <summary>
    /// Issues the kubelet API's serving certificate from the cluster CA for the node name and addresses; null means
    /// no kubelet API (no logs, exec or port-forward through the API server). Called once at start and may block: the
    /// embedded agent signs in process, a joined agent reuses its certificate on disk or asks the server's join endpoint.
    /// </summary>
    public Func<string, IReadOnlyList<IPAddress>, X509Certificate2>? IssueServingCertificate { get; init; }

    /// <summary>The CA whose client certificates the kubelet API accepts: the cluster CA that signed the API server's.</summary>
    public X509Certificate2? KubeletClientCa { get; init; }

    /// <summary>
    /// The MTU pods get on this node, asked with the node IP before the CNI config is written (the overlay's: the
    /// interface MTU less the encapsulation); null means 1500.
    /// </summary>
    public Func<string, CancellationToken, Task<int>>? PodMtu { get; init; }

    /// <summary>Components started once the pod network is up: cluster DNS, service proxy, overlay (see Wharf's composition).</summary>
    public IReadOnlyList<Network.NodeNetworkService> NetworkServices { get; init; } = [];

    /// <summary>Image garbage collection (imageGCHighThresholdPercent, imageGCLowThresholdPercent, imageMinimumGCAge).</summary>
    public Images.Gc.ImageGcPolicy ImageGc { get; init; } = new();

    public string AgentDirectory => Path.Combine(DataDirectory, "agent");

    public string EffectiveImagesDirectory => ImagesDirectory ?? Path.Combine(AgentDirectory, "images");

    public string EffectivePodLogDirectory => PodLogDirectory ?? Path.Combine(AgentDirectory, "pod-logs");

    /// <summary>DATA/agent/pods/UID/volumes/…: kubelet's /var/lib/kubelet/pods.</summary>
    public string PodsDirectory => Path.Combine(AgentDirectory, "pods");
}
