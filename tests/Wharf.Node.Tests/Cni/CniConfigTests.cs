using System.Text.Json.Nodes;
using Wharf.Node.Cni;

namespace Wharf.Node.Tests.Cni;

public sealed class CniConfigTests
{
    private static readonly CniOptions Options = new()
    {
        ConfDir = "/data/etc/cni/net.d",
        PodCidr = "10.42.3.0/24",
        IpamDataDir = "/data/cni/networks",
        BridgeName = "wharf0",
    };

    [Fact]
    public void Render_ChainsBridgeAndPortmap_WithHostLocalForPodCidr_AndNoLoopbackOfItsOwn()
    {
        var conflist = JsonNode.Parse(CniConfig.Render(Options))!;

        Assert.Equal("wharf", (string?)conflist["name"]);
        var plugins = conflist["plugins"]!.AsArray();
        Assert.Equal(["bridge", "portmap"], plugins.Select(p => (string?)p!["type"]));
        var bridge = plugins[0]!;
        Assert.Equal(("wharf0", true, false), ((string?)bridge["bridge"], (bool)bridge["isGateway"]!, (bool)bridge["ipMasq"]!));
        var ipam = bridge["ipam"]!;
        Assert.Equal(("host-local", "/data/cni/networks"), ((string?)ipam["type"], (string?)ipam["dataDir"]));
        Assert.Equal("10.42.3.0/24", (string?)ipam["ranges"]![0]![0]!["subnet"]);
        Assert.True((bool)plugins[1]!["capabilities"]!["portMappings"]!);
    }

    [Theory]
    [InlineData("not a CIDR", "10.42.0.0", "wharf0")]
    [InlineData("garbage CIDR", "nope/24", "wharf0")]
    [InlineData("bridge name over 15 characters", "10.42.0.0/24", "wharf-bridge-0123")]
    [InlineData("empty bridge name", "10.42.0.0/24", "")]
    [InlineData("slash in bridge name", "10.42.0.0/24", "a/b")]
    public void Render_InvalidOptions_Throws(string name, string podCidr, string bridge)
    {
        var options = Options with { PodCidr = podCidr, BridgeName = bridge };

        var error = Assert.Throws<ArgumentException>(() => CniConfig.Render(options));
        Assert.True(error.Message.Contains(bridge.Length > 15 || bridge.Length == 0 || bridge.Contains('/') ? "bridge name" : "pod CIDR"), name);
    }

    [Fact]
    public void Write_PutsConflistInConfDir_WithoutTemporaryFiles()
    {
        var dir = Directory.CreateTempSubdirectory("wharf-cni-").FullName;
        try
        {
            var options = Options with { ConfDir = dir };
            CniConfig.Write(options);

            Assert.Equal([Path.Combine(dir, "10-wharf.conflist")], Directory.GetFiles(dir));
            Assert.Equal(CniConfig.Render(options), File.ReadAllText(options.ConflistPath));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
