using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Network.Overlay;

/// <summary>
/// The part of a Node the pod network cares about. Anything malformed reads as absent, so one broken Node never
/// stops the others from being routed. Value equality lets event handlers ignore heartbeats that change nothing here.
/// </summary>
internal sealed record OverlayNode(string Name, string? PodCidr, string? BackendType, int? Vni, string? VtepMac, string? PublicIp)
{
    public static OverlayNode? FromNode(JsonObject node)
    {
        if (ObjectMeta.Name(node) is not { Length: > 0 } name)
            return null;
        var (vni, mac) = ParseBackendData(ObjectMeta.Annotation(node, OverlayAnnotations.BackendData));
        return new OverlayNode(
            name,
            NormalizeCidr(node["spec"]?["podCIDR"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null),
            ObjectMeta.Annotation(node, OverlayAnnotations.BackendType),
            vni,
            mac,
            IPAddress.TryParse(ObjectMeta.Annotation(node, OverlayAnnotations.PublicIp) ?? "", out var ip) ? ip.ToString() : null);
    }

    /// <summary>The first address of the pod CIDR (flannel's vtep address), or null without a pod CIDR.</summary>
    public string? VtepIp => PodCidr is null ? null : IPNetwork.Parse(PodCidr).BaseAddress.ToString();

    /// <summary>The backend-data annotation value this node publishes for <paramref name="backend"/>.</summary>
    public static string BackendDataJson(OverlayBackend backend, int vni, string? vtepMac) => backend switch
    {
        OverlayBackend.Vxlan => new JsonObject { ["VNI"] = vni, ["VtepMAC"] = vtepMac }.ToJsonString(),
        _ => "null",
    };

    internal static string? NormalizeCidr(string? cidr) =>
        cidr is not null && IPNetwork.TryParse(cidr, out var network) && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? network.ToString()
            : null;

    internal static string? NormalizeMac(string? mac) =>
        mac is not null && System.Net.NetworkInformation.PhysicalAddress.TryParse(mac, out var parsed) && parsed.GetAddressBytes().Length == 6
            ? string.Join(':', parsed.GetAddressBytes().Select(b => b.ToString("x2")))
            : null;

    private static (int? Vni, string? Mac) ParseBackendData(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return (null, null);
        try
        {
            if (JsonNode.Parse(json) is not JsonObject data)
                return (null, null);
            var vni = data["VNI"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
            var mac = data["VtepMAC"] is JsonValue m && m.TryGetValue<string>(out var s) ? NormalizeMac(s) : null;
            return (vni, mac);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
