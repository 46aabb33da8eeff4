using System.Text.Json.Nodes;
using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

public sealed class InterfaceSelectorTests
{
    private static readonly JsonObject Eth0 = (JsonObject)JsonNode.Parse("""
        {"ifname":"eth0","mtu":1400,"addr_info":[
          {"family":"inet","local":"192.168.77.1","prefixlen":24},
          {"family":"inet","local":"192.168.78.1","prefixlen":24}]}
        """)!;

    [Theory]
    [InlineData("first address by default", null, null, null, "192.168.77.1")]
    [InlineData("node IP when it is on the interface", null, "192.168.78.1", null, "192.168.78.1")]
    [InlineData("interface given by address", "192.168.78.1", null, null, "192.168.78.1")]
    [InlineData("public IP wins", "eth0", "192.168.78.1", "203.0.113.5", "203.0.113.5")]
    public void PublicIpFollowsTheOptions(string _, string? iface, string? nodeIp, string? publicIp, string expected)
    {
        var options = new OverlayOptions { NodeName = "a", Interface = iface, NodeIp = nodeIp, PublicIp = publicIp };

        Assert.Equal(new HostInterface("eth0", expected, 1400), InterfaceSelector.FromLink(Eth0, options, nodeIp));
    }

    [Theory]
    [InlineData(OverlayBackend.Vxlan, 1400, 1350)]
    [InlineData(OverlayBackend.HostGw, 1400, 1400)]
    public void PodMtuLeavesRoomForEncapsulation(OverlayBackend backend, int interfaceMtu, int expected) =>
        Assert.Equal(expected, OverlayNetwork.PodMtu(backend, interfaceMtu));

    [Theory]
    [InlineData("vxlan", OverlayBackend.Vxlan)]
    [InlineData("host-gw", OverlayBackend.HostGw)]
    [InlineData("HostGW", OverlayBackend.HostGw)]
    public void BackendNamesParse(string name, OverlayBackend expected) => Assert.Equal(expected, OverlayBackends.Parse(name));

    [Fact]
    public void UnknownBackendIsRefused() => Assert.Throws<ArgumentException>(() => OverlayBackends.Parse("wireguard"));
}
