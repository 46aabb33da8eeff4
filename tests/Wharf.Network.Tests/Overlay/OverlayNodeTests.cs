using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

public sealed class OverlayNodeTests
{
    [Fact]
    public void VxlanAnnotationsAreRead()
    {
        var node = new NodeBuilder("b").PodCidr("10.244.2.0/24").Vxlan("192.168.77.2", "AA-BB-CC-DD-EE-02", vni: 7).Parsed();

        Assert.Equal(new OverlayNode("b", "10.244.2.0/24", "vxlan", 7, "aa:bb:cc:dd:ee:02", "192.168.77.2"), node);
        Assert.Equal("10.244.2.0", node.VtepIp);
    }

    [Theory]
    [InlineData("backend data not JSON", OverlayAnnotations.BackendData, "{oops")]
    [InlineData("backend data a string", OverlayAnnotations.BackendData, "\"x\"")]
    [InlineData("MAC too short", OverlayAnnotations.BackendData, """{"VNI":1,"VtepMAC":"aa:bb"}""")]
    public void MalformedBackendDataReadsAsNoVtep(string _, string key, string value)
    {
        var node = new NodeBuilder("b").PodCidr("10.244.2.0/24").Vxlan("192.168.77.2", "aa:bb:cc:dd:ee:02").Annotate(key, value).Parsed();

        Assert.Null(node.VtepMac);
    }

    [Theory]
    [InlineData("not a CIDR", "banana", null)]
    [InlineData("IPv6", "fd00::/64", null)]
    [InlineData("host bits set", "10.244.2.7/24", "10.244.2.0/24")]
    public void PodCidrIsNormalised(string _, string cidr, string? expected) =>
        Assert.Equal(expected, new NodeBuilder("b").PodCidr(cidr).Parsed().PodCidr);

    [Fact]
    public void PublicIpThatIsNotAnAddressReadsAsAbsent() =>
        Assert.Null(new NodeBuilder("b").Annotate(OverlayAnnotations.PublicIp, "node-b.example").Parsed().PublicIp);

    [Fact]
    public void BackendDataJsonIsWhatTheOtherNodesParse()
    {
        var json = OverlayNode.BackendDataJson(OverlayBackend.Vxlan, 1, "aa:bb:cc:dd:ee:01");
        var node = new NodeBuilder("a").Annotate(OverlayAnnotations.BackendData, json).Parsed();

        Assert.Equal("""{"VNI":1,"VtepMAC":"aa:bb:cc:dd:ee:01"}""", json);
        Assert.Equal((1, "aa:bb:cc:dd:ee:01"), (node.Vni, node.VtepMac));
        Assert.Equal("null", OverlayNode.BackendDataJson(OverlayBackend.HostGw, 1, null));
    }
}
