using Wharf.Node.Cri.V1;
using Wharf.Node.Runtime;

namespace Wharf.Node.Tests.Runtime;

public sealed class CriRequestsTests
{
    private static readonly PodSandboxSpec Sandbox = new()
    {
        Name = "web",
        Namespace = "shop",
        Uid = "u-1",
        Attempt = 2,
        Hostname = "web",
        LogDirectory = "/var/log/pods/shop_web_u-1",
        Dns = new DnsSpec(["10.43.0.10"], ["shop.svc.cluster.local"], ["ndots:5"]),
        Ports = [new PortSpec(80, 8080), new PortSpec(53, 5353, Protocol.Udp, "127.0.0.1")],
        Labels = new Dictionary<string, string> { ["app"] = "web" },
        Annotations = new Dictionary<string, string> { ["note"] = "x" },
        CgroupParent = "/wharf/podu-1",
    };

    [Fact]
    public void Sandbox_MapsEveryField()
    {
        var config = CriRequests.Sandbox(Sandbox);

        Assert.Equal(("web", "shop", "u-1", 2u), (config.Metadata.Name, config.Metadata.Namespace, config.Metadata.Uid, config.Metadata.Attempt));
        Assert.Equal(("web", "/var/log/pods/shop_web_u-1"), (config.Hostname, config.LogDirectory));
        Assert.Equal(["10.43.0.10"], config.DnsConfig.Servers);
        Assert.Equal(["shop.svc.cluster.local"], config.DnsConfig.Searches);
        Assert.Equal(["ndots:5"], config.DnsConfig.Options);
        Assert.Equal(
            [(Protocol.Tcp, 80, 8080, ""), (Protocol.Udp, 53, 5353, "127.0.0.1")],
            config.PortMappings.Select(p => (p.Protocol, p.ContainerPort, p.HostPort, p.HostIp)));
        Assert.Equal("web", config.Labels["app"]);
        Assert.Equal("x", config.Annotations["note"]);
        Assert.Equal("/wharf/podu-1", config.Linux.CgroupParent);
        Assert.Equal(NamespaceMode.Pod, config.Linux.SecurityContext.NamespaceOptions.Network);
    }

    [Theory]
    [InlineData("pod network", false, NamespaceMode.Pod)]
    [InlineData("host network", true, NamespaceMode.Node)]
    public void Sandbox_HostNetwork_SelectsNetworkNamespace(string name, bool hostNetwork, NamespaceMode expected)
    {
        var config = CriRequests.Sandbox(Sandbox with { HostNetwork = hostNetwork });

        Assert.True(expected == config.Linux.SecurityContext.NamespaceOptions.Network, name);
    }

    [Fact]
    public void Container_MapsEveryField_AndKeepsEnvOrder()
    {
        var spec = new ContainerSpec
        {
            Name = "app",
            Image = "wharf.local/busybox:1.36",
            Attempt = 3,
            Command = ["/bin/sh"],
            Args = ["-c", "echo $B"],
            WorkingDir = "/w",
            Env = [new("B", "2"), new("A", "1")],
            Mounts = [new MountSpec("/data", "/host/data", ReadOnly: true, MountPropagation.PropagationHostToContainer)],
            Resources = new ResourceSpec(CpuShares: 512, CpuQuota: 50000, CpuPeriod: 100000, MemoryLimitBytes: 1 << 26, OomScoreAdj: -997),
            Tty = true,
        };

        var config = CriRequests.Container(spec);

        Assert.Equal(("app", 3u, "wharf.local/busybox:1.36"), (config.Metadata.Name, config.Metadata.Attempt, config.Image.Image));
        Assert.Equal(["/bin/sh"], config.Command);
        Assert.Equal(["-c", "echo $B"], config.Args);
        Assert.Equal([("B", "2"), ("A", "1")], config.Envs.Select(e => (e.Key, e.Value)));
        var mount = Assert.Single(config.Mounts);
        Assert.Equal(("/data", "/host/data", true, MountPropagation.PropagationHostToContainer), (mount.ContainerPath, mount.HostPath, mount.Readonly, mount.Propagation));
        var r = config.Linux.Resources;
        Assert.Equal((512L, 50000L, 100000L, 1L << 26, -997L), (r.CpuShares, r.CpuQuota, r.CpuPeriod, r.MemoryLimitInBytes, r.OomScoreAdj));
        Assert.Equal(("/w", true, "app/3.log"), (config.WorkingDir, config.Tty, config.LogPath));
    }

    [Fact]
    public void Container_WithoutResources_LeavesThemUnset()
    {
        var config = CriRequests.Container(new ContainerSpec { Name = "a", Image = "i" });

        Assert.Null(config.Linux.Resources);
        Assert.Equal("a/0.log", config.LogPath);
    }
}
