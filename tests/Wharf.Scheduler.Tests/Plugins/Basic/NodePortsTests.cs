using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.NodePorts;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.Basic;

public class NodePortsTests
{
    public static TheoryData<string, V1Pod, V1Pod, bool> Cases => new()
    {
        { "different ports", PodBuilder.Make().HostPort(80), PodBuilder.Make().Node("n").HostPort(8080), true },
        { "same port and protocol", PodBuilder.Make().HostPort(80), PodBuilder.Make().Node("n").HostPort(80), false },
        { "same port other protocol", PodBuilder.Make().HostPort(53, "UDP"), PodBuilder.Make().Node("n").HostPort(53, "TCP"), true },
        { "specific IPs differ", PodBuilder.Make().HostPort(80, hostIp: "10.0.0.1"), PodBuilder.Make().Node("n").HostPort(80, hostIp: "10.0.0.2"), true },
        { "wildcard conflicts with specific IP", PodBuilder.Make().HostPort(80), PodBuilder.Make().Node("n").HostPort(80, hostIp: "10.0.0.2"), false },
        { "specific IP conflicts with wildcard", PodBuilder.Make().HostPort(80, hostIp: "10.0.0.1"), PodBuilder.Make().Node("n").HostPort(80), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter(string name, V1Pod pod, V1Pod existing, bool fits)
    {
        var plugin = new NodePortsPlugin();
        var state = new CycleState();
        Assert.True(plugin.PreFilter(state, pod, [], out _).IsSuccess);

        var status = plugin.Filter(state, pod, NodeInfo.For(NodeBuilder.Make("n"), existing));

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal([NodePortsPlugin.ErrReason], status.Reasons);
        Assert.NotNull(name);
    }

    [Fact]
    public void PreFilter_SkipsPodsWithoutHostPorts()
    {
        Assert.True(new NodePortsPlugin().PreFilter(new CycleState(), PodBuilder.Make(), [], out _).IsSkip);
    }
}
