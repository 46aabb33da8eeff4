using System.CommandLine;
using Wharf.Node;

namespace Wharf.Cli;

/// <summary>The network flags <c>wharf server</c> and <c>wharf agent</c> share: <c>--disable</c>, <c>--resolv-conf</c>, <c>--cluster-dns-metrics-port</c>, the flannel flags.</summary>
internal sealed class NodeNetworkFlags
{
    public Option<string[]> Disable { get; } = new("--disable")
    {
        Description = "Do not run a built-in component: dns (k3s: coredns), servicelb, ingress (k3s: traefik), proxy",
    };

    public Option<string> ResolvConf { get; } = new("--resolv-conf")
    {
        Description = "resolv.conf whose nameservers the cluster DNS forwards other names to",
        DefaultValueFactory = _ => "/etc/resolv.conf",
    };

    /// <summary>k3s has no such flag (CoreDNS's port is set in its Corefile); 0 turns the listener off.</summary>
    public Option<int> ClusterDnsMetricsPort { get; } = new("--cluster-dns-metrics-port")
    {
        Description = "Port of the cluster DNS Prometheus endpoint on 127.0.0.1 (0: off)",
        DefaultValueFactory = _ => 9153,
    };

    public Option<string> FlannelBackend { get; } = new("--flannel-backend")
    {
        Description = "How pod subnets of different nodes are connected: vxlan, host-gw, or none",
        DefaultValueFactory = _ => "vxlan",
    };

    public Option<string> FlannelIface { get; } = new("--flannel-iface")
    {
        Description = "Interface (name or IPv4 address) for the pod network between nodes (default: the node IP's)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Disable);
        command.Options.Add(ResolvConf);
        command.Options.Add(ClusterDnsMetricsPort);
        command.Options.Add(FlannelBackend);
        command.Options.Add(FlannelIface);
    }

    /// <summary>The settings, or null after printing why the flags are wrong.</summary>
    public NodeNetworkSettings? Read(ParseResult parse)
    {
        try
        {
            var backend = parse.GetValue(FlannelBackend)!;
            var metricsPort = parse.GetValue(ClusterDnsMetricsPort);
            if (metricsPort is < 0 or > 65535) throw new ArgumentException($"--cluster-dns-metrics-port {metricsPort} is not a port (0-65535)");
            return new NodeNetworkSettings
            {
                Disabled = DisabledComponents.Parse(parse.GetValue(Disable) ?? []),
                ResolvConf = parse.GetValue(ResolvConf)!,
                ClusterDnsMetricsPort = metricsPort,
                OverlayBackend = backend.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : Network.Overlay.OverlayBackends.Parse(backend),
                OverlayInterface = parse.GetValue(FlannelIface),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }
}
