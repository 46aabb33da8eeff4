using System.Text.Json.Nodes;
using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

/// <summary>Node objects as the API server holds them, with or without the overlay annotations.</summary>
internal sealed class NodeBuilder(string name)
{
    private string? _podCidr;
    private readonly Dictionary<string, string> _annotations = new();

    public NodeBuilder PodCidr(string cidr)
    {
        _podCidr = cidr;
        return this;
    }

    public NodeBuilder Vxlan(string publicIp, string mac, int vni = 1) =>
        Annotate(OverlayAnnotations.BackendType, "vxlan")
            .Annotate(OverlayAnnotations.BackendData, $$"""{"VNI":{{vni}},"VtepMAC":"{{mac}}"}""")
            .Annotate(OverlayAnnotations.PublicIp, publicIp);

    public NodeBuilder HostGw(string publicIp) =>
        Annotate(OverlayAnnotations.BackendType, "host-gw")
            .Annotate(OverlayAnnotations.BackendData, "null")
            .Annotate(OverlayAnnotations.PublicIp, publicIp);

    public NodeBuilder Annotate(string key, string value)
    {
        _annotations[key] = value;
        return this;
    }

    public JsonObject Json()
    {
        var annotations = new JsonObject();
        foreach (var (key, value) in _annotations)
            annotations[key] = value;
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["annotations"] = annotations },
            ["spec"] = new JsonObject(),
        };
        if (_podCidr is not null)
            node["spec"]!["podCIDR"] = _podCidr;
        return node;
    }

    public OverlayNode Parsed() => OverlayNode.FromNode(Json())!;
}
