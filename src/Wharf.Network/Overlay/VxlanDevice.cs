using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Network.Overlay;

/// <summary>
/// The node's VXLAN device (flannel's <c>flannel.1</c>): VNI, local address, parent interface and port as asked,
/// no learning (the FDB comes from Node annotations), MTU of the parent minus the 50 bytes of encapsulation, and the
/// pod CIDR's network address as a /32. A device whose parameters differ is recreated; one that fits is left alone.
/// </summary>
internal sealed class VxlanDevice(OverlayTools tools)
{
    /// <summary>Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14) headers.</summary>
    public const int Overhead = 50;

    private string Name => tools.Options.VxlanDevice;

    /// <summary>Makes the device match and returns its MAC (the vtep MAC other nodes need).</summary>
    public async Task<string> EnsureAsync(HostInterface parent, string podCidr, CancellationToken ct)
    {
        var device = await ShowAsync(ct);
        if (device is not null && !Matches(device, parent))
        {
            await DeleteAsync(ct);
            device = null;
        }
        if (device is null)
        {
            var options = tools.Options;
            (await tools.IpAsync(["link", "add", Name, "type", "vxlan", "id", options.Vni.ToString(), "local", parent.PublicIp,
                "dev", parent.Name, "dstport", options.VxlanPort.ToString(), "nolearning"], ct)).EnsureSuccess($"ip link add {Name} type vxlan");
            device = await ShowAsync(ct) ?? throw new OverlayCommandException($"{Name} missing right after it was created");
        }

        var mtu = parent.Mtu - Overhead;
        var up = device["flags"] is JsonArray flags && flags.Any(f => OverlayTools.Str(f) == "UP");
        if (!up || Int(device["mtu"]) != mtu)
            (await tools.IpAsync(["link", "set", Name, "mtu", mtu.ToString(), "up"], ct)).EnsureSuccess($"ip link set {Name} up");

        var address = IPNetwork.Parse(podCidr).BaseAddress + "/32";
        var addresses = device["addr_info"] is JsonArray infos
            ? infos.OfType<JsonObject>().Where(a => OverlayTools.Str(a["family"]) == "inet").Select(a => $"{OverlayTools.Str(a["local"])}/{Int(a["prefixlen"])}").ToList()
            : [];
        if (addresses is not [var only] || only != address)
        {
            (await tools.IpAsync(["-4", "addr", "flush", "dev", Name], ct)).EnsureSuccess($"ip addr flush dev {Name}");
            (await tools.IpAsync(["addr", "add", address, "dev", Name], ct)).EnsureSuccess($"ip addr add {address} dev {Name}");
        }

        return OverlayNode.NormalizeMac(OverlayTools.Str(device["address"]))
            ?? throw new OverlayCommandException($"{Name} has no MAC address");
    }

    /// <summary>Deletes the device (and with it every route, neighbour and FDB entry on it); absent is fine.</summary>
    public async Task DeleteAsync(CancellationToken ct)
    {
        if (await ShowAsync(ct) is not null)
            (await tools.IpAsync(["link", "del", Name], ct)).EnsureSuccess($"ip link del {Name}");
    }

    private async Task<JsonObject?> ShowAsync(CancellationToken ct)
    {
        var result = await tools.IpAsync(["-j", "-d", "addr", "show", "dev", Name], ct);
        if (!result.Succeeded)
            return result.StandardError.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
                ? null
                : throw new OverlayCommandException($"ip addr show dev {Name} failed: {result.StandardError.Trim()}");
        return OverlayTools.ParseArray(result.StandardOutput).OfType<JsonObject>().FirstOrDefault();
    }

    private bool Matches(JsonObject device, HostInterface parent)
    {
        var options = tools.Options;
        var info = device["linkinfo"];
        var data = info?["info_data"];
        var link = OverlayTools.Str(data?["link"]);
        return OverlayTools.Str(info?["info_kind"]) == "vxlan"
            && Int(data?["id"]) == options.Vni
            && OverlayTools.Str(data?["local"]) == parent.PublicIp
            && Int(data?["port"]) == options.VxlanPort
            && data?["learning"] is JsonValue l && l.TryGetValue<bool>(out var learning) && !learning
            && (link is null || link == parent.Name);
    }

    private static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
}
