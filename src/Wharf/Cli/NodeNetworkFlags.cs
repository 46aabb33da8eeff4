using System.CommandLine;
using Wharf.Node;

namespace Wharf.Cli;

/// <summary>The network flags <c>wharf server</c> and <c>wharf agent</c> share: <c>--disable</c> and <c>--resolv-conf</c>.</summary>
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
        command.Options.Add(FlannelBackend);
        command.Options.Add(FlannelIface);
    }

    /// <summary>The settings, or null after printing why the flags are wrong.</summary>
    public NodeNetworkSettings? Read(ParseResult parse)
    {
        try
        {
            var backend = parse.GetValue(FlannelBackend)!;
            return new NodeNetworkSettings
            {
                Disabled = DisabledComponents.Parse(parse.GetValue(Disable) ?? []),
                ResolvConf = parse.GetValue(ResolvConf)!,
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
