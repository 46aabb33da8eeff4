namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// How a test server is started: control plane only (the default, <c>--disable-agent</c>) or with the embedded node
/// agent, whose pod and service ranges are chosen apart from the server defaults so the host routes it adds are ours.
/// </summary>
public sealed record WharfServerOptions
{
    public static WharfServerOptions ControlPlaneOnly { get; } = new();

    /// <summary>A node-backed server: the local images imported, pods on 10.244.0.0/16, services on 10.96.0.0/16.</summary>
    public static WharfServerOptions WithNodeAgent { get; } = new()
    {
        Agent = true,
        ClusterCidr = "10.244.0.0/16",
        ServiceCidr = "10.96.0.0/16",
        ClusterDns = "10.96.0.10",
        IngressHttpPort = FreePort.Next(),
        IngressHttpsPort = FreePort.Next(),
    };

    public bool Agent { get; init; }

    /// <summary>The one address the API server listens on (and the kubeconfig names); a netns cluster uses its bridge's.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    public string? ClusterCidr { get; init; }

    public string? ServiceCidr { get; init; }

    public string? ClusterDns { get; init; }

    /// <summary>The built-in ingress controller's ports; 0 (control-plane tests) keeps it off so servers never share 80/443.</summary>
    public int IngressHttpPort { get; init; }

    public int IngressHttpsPort { get; init; }

    /// <summary>k3s-style <c>--kube-controller-manager-arg NAME=VALUE</c> flags, e.g. a shorter node-monitor grace period.</summary>
    public IReadOnlyList<string> ControllerManagerArgs { get; init; } = [];

    /// <summary>Built-in components left out, e.g. <c>--disable-scheduler</c>, <c>--disable-controller-manager</c>.</summary>
    public IReadOnlyList<string> DisabledComponents { get; init; } = [];

    /// <summary>A KubeSchedulerConfiguration file for the built-in scheduler (<c>--scheduler-config</c>).</summary>
    public string? SchedulerConfig { get; init; }

    /// <summary>Variables added to the server process's environment, e.g. a runtime setting the server would otherwise choose.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The command-line flags after <c>wharf server --data-dir … --write-kubeconfig …</c>.</summary>
    public IEnumerable<string> Arguments()
    {
        foreach (var arg in ControllerManagerArgs)
        {
            yield return "--kube-controller-manager-arg";
            yield return arg;
        }
        if (!Agent)
            yield return "--disable-agent";
        foreach (var flag in DisabledComponents)
            yield return flag;
        foreach (var (flag, value) in new[]
                 {
                     ("--cluster-cidr", ClusterCidr), ("--service-cidr", ServiceCidr), ("--cluster-dns", ClusterDns), ("--scheduler-config", SchedulerConfig),
                     ("--ingress-http-port", IngressHttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                     ("--ingress-https-port", IngressHttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                 })
        {
            if (value is null)
                continue;
            yield return flag;
            yield return value;
        }
    }
}
