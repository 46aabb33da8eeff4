using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Network.Overlay;

/// <summary>
/// Picks the node's interface as flannel's <c>--iface</c> does: by name or address when given, else the one holding
/// the node IP, else the one of the default route.
/// </summary>
internal static class InterfaceSelector
{
    /// <param name="nodeIp">The node's own address (the option, else the Node's InternalIP); may be null.</param>
    public static async Task<HostInterface> SelectAsync(OverlayTools tools, string? nodeIp, CancellationToken ct)
    {
        var options = tools.Options;
        var links = await tools.IpJsonAsync(["-4", "addr", "show"], ct);
        var wanted = options.Interface ?? nodeIp;
        JsonObject? link;
        if (wanted is not null)
        {
            link = links.OfType<JsonObject>().FirstOrDefault(l => OverlayTools.Str(l["ifname"]) == wanted || Addresses(l).Contains(wanted))
                ?? throw new OverlayCommandException($"no interface named or holding '{wanted}'");
        }
        else
        {
            var routes = await tools.IpJsonAsync(["-4", "route", "show", "default"], ct);
            var device = routes.OfType<JsonObject>().Select(r => OverlayTools.Str(r["dev"])).FirstOrDefault(d => d is not null)
                ?? throw new OverlayCommandException("no default route to pick the pod network interface from; set the interface");
            link = links.OfType<JsonObject>().FirstOrDefault(l => OverlayTools.Str(l["ifname"]) == device)
                ?? throw new OverlayCommandException($"default route interface {device} has no IPv4 address");
        }
        return FromLink(link, options, nodeIp);
    }

    internal static HostInterface FromLink(JsonObject link, OverlayOptions options, string? nodeIp)
    {
        var name = OverlayTools.Str(link["ifname"]) ?? throw new OverlayCommandException("interface without a name");
        var addresses = Addresses(link);
        var publicIp = options.PublicIp
            ?? (nodeIp is not null && addresses.Contains(nodeIp) ? nodeIp : null)
            ?? (options.Interface is not null && IPAddress.TryParse(options.Interface, out _) ? options.Interface : null)
            ?? addresses.FirstOrDefault()
            ?? throw new OverlayCommandException($"interface {name} has no IPv4 address");
        var mtu = link["mtu"] is JsonValue m && m.TryGetValue<int>(out var value) ? value : 1500;
        return new HostInterface(name, publicIp, mtu);
    }

    private static List<string> Addresses(JsonObject link) =>
        link["addr_info"] is JsonArray infos
            ? infos.OfType<JsonObject>().Where(a => OverlayTools.Str(a["family"]) == "inet").Select(a => OverlayTools.Str(a["local"])).OfType<string>().ToList()
            : [];
}
