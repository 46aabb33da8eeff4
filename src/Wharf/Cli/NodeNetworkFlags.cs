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

    public void AddTo(Command command)
    {
        command.Options.Add(Disable);
        command.Options.Add(ResolvConf);
    }

    /// <summary>The settings, or null after printing why the flags are wrong.</summary>
    public NodeNetworkSettings? Read(ParseResult parse)
    {
        try
        {
            return new NodeNetworkSettings { Disabled = DisabledComponents.Parse(parse.GetValue(Disable) ?? []), ResolvConf = parse.GetValue(ResolvConf)! };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }
}
