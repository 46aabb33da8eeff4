using Wharf.Client;
using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

/// <summary>
/// The real datapath, as root: three nodes in network namespaces on one test bridge, each running the overlay against
/// a real API server, pods pinging and connecting across nodes. The FORWARD policy of every node drops (as Docker
/// leaves it), so forwarding only works through the overlay's accept rules.
/// </summary>
public sealed class OverlayDatapathTests
{
    private const int Nodes = 3;

    [Theory]
    [InlineData("vxlan")]
    [InlineData("host-gw")]
    public async Task PodsReachPodsOnOtherNodesAndTheOutsideMasqueraded(string backendName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        var backend = OverlayBackends.Parse(backendName);
        await using var lab = await NetnsLab.CreateAsync(Nodes, ct);
        for (var i = 1; i <= Nodes; i++)
            (await lab.ExecAsync(lab.Node(i), ct, "iptables", "-w", "5", "-P", "FORWARD", "DROP")).EnsureSuccess("iptables -P FORWARD DROP");
        await lab.SetPodMtuAsync(Nodes, OverlayNetwork.PodMtu(backend, 1500), ct);
        lab.Serve(lab.Pod(2), "pod two");
        lab.Serve(lab.Outside, "outside");

        await using var cluster = await OverlayCluster.StartAsync(lab, Nodes, backend, ct);
        await cluster.WaitForRoutesAsync(Nodes, Nodes - 1, ct);

        Assert.True(await lab.PingAsync(lab.Pod(1), NetnsLab.PodIp(2), ct), "pod 1 -> pod 2");
        Assert.True(await lab.PingAsync(lab.Pod(1), NetnsLab.PodIp(3), ct), "pod 1 -> pod 3");
        Assert.True(await lab.PingAsync(lab.Pod(3), NetnsLab.PodIp(2), ct), "pod 3 -> pod 2");
        Assert.Equal("pod two", await lab.GetAsync(lab.Pod(1), NetnsLab.PodIp(2), ct));
        Assert.Equal("pod two", await lab.GetAsync(lab.Pod(3), NetnsLab.PodIp(2), ct));
        // The outside namespace has no route back to pods: only a masqueraded connection gets its answer.
        Assert.Equal("outside", await lab.GetAsync(lab.Pod(1), NetnsLab.OutsideIp, ct));
        var unreachable = await lab.ExecAsync(lab.Node(1), ct, "ip", "route", "show", "type", "unreachable");
        Assert.Contains(NetnsLab.ClusterCidr, unreachable.StandardOutput);
    }

    [Theory]
    [InlineData("vxlan")]
    [InlineData("host-gw")]
    public async Task DeletedNodeIsNoLongerRoutedAndTeardownLeavesNothing(string backendName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        var backend = OverlayBackends.Parse(backendName);
        await using var lab = await NetnsLab.CreateAsync(Nodes, ct);
        await using var cluster = await OverlayCluster.StartAsync(lab, Nodes, backend, ct);
        await cluster.WaitForRoutesAsync(Nodes, Nodes - 1, ct);

        await cluster.Client.DeleteAsync(Resource.Nodes, null, "node3", null, ct);
        // node3's own agent keeps its routes (its Node is gone, not the machine); the others drop it.
        await cluster.WaitForRoutesAsync(Nodes - 1, Nodes - 2, ct);

        Assert.Equal([NetnsLab.PodCidr(2)], (await cluster.RoutesAsync(1, ct)).Select(r => r.Destination));
        Assert.False(await lab.PingAsync(lab.Pod(1), NetnsLab.PodIp(3), ct), "pod 3's subnet is still routed");
        Assert.True(await lab.PingAsync(lab.Pod(1), NetnsLab.PodIp(2), ct), "pod 1 -> pod 2");

        await cluster.StopAsync();
        for (var i = 1; i <= Nodes; i++)
        {
            Assert.Empty(await cluster.RoutesAsync(i, ct));
            Assert.False((await lab.ExecAsync(lab.Node(i), ct, "ip", "link", "show", "wharf.1")).Succeeded, "wharf.1 left behind");
            Assert.False((await lab.ExecAsync(lab.Node(i), ct, "nft", "list", "table", "ip", "wharf-overlay")).Succeeded, "nft table left behind");
            Assert.Contains(NetnsLab.ClusterCidr, (await lab.ExecAsync(lab.Node(i), ct, "ip", "route", "show", "type", "unreachable")).StandardOutput);
        }
    }

    [Fact]
    public async Task HostGwNodeOffOurSegmentFailsAloneAndTheRestIsProgrammed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var lab = await NetnsLab.CreateAsync(2, ct);
        await using var cluster = await OverlayCluster.StartAsync(lab, 2, OverlayBackend.HostGw, ct);
        // A node host-gw cannot reach (not on our L2): its route fails, the retry keeps failing, nothing else may.
        await cluster.Client.CreateAsync(Resource.Nodes, null, new NodeBuilder("node9").PodCidr("10.244.9.0/24").HostGw("198.51.100.9").Json(), ct);

        await cluster.WaitForRoutesAsync(2, 1, ct);

        Assert.True(await lab.PingAsync(lab.Pod(1), NetnsLab.PodIp(2), ct), "pod 1 -> pod 2");
        Assert.True((await lab.ExecAsync(lab.Node(1), ct, "nft", "list", "table", "ip", "wharf-overlay")).Succeeded, "masquerade table missing");
        Assert.DoesNotContain("10.244.9.0", (await lab.ExecAsync(lab.Node(1), ct, "ip", "route", "show")).StandardOutput);
    }

    [Fact]
    public async Task VxlanDeviceRemovedByHandComesBackAndTheOthersFollowItsNewMac()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var lab = await NetnsLab.CreateAsync(2, ct);
        await using var cluster = await OverlayCluster.StartAsync(lab, 2, OverlayBackend.Vxlan, ct);
        await cluster.WaitForRoutesAsync(2, 1, ct);
        var before = await VtepMacAsync(cluster, "node2", ct);

        (await lab.ExecAsync(lab.Node(2), ct, "ip", "link", "del", "wharf.1")).EnsureSuccess("ip link del wharf.1");
        string? after;
        while ((after = await VtepMacAsync(cluster, "node2", ct)) == before)
            await Task.Delay(100, ct);
        await cluster.WaitForRoutesAsync(2, 1, ct);

        // Node 1 learns the new MAC from node 2's Node object a moment after it was published: wait for it there
        // (the test's timeout bounds the wait), then the old one must be gone.
        string neighbours;
        while (!(neighbours = (await lab.ExecAsync(lab.Node(1), ct, "ip", "neigh", "show", "dev", "wharf.1")).StandardOutput).Contains(after!, StringComparison.Ordinal))
            await Task.Delay(100, ct);
        Assert.Contains(after!, neighbours);
        Assert.DoesNotContain(before!, neighbours);
        Assert.True(await PingEventuallyAsync(lab, lab.Pod(1), NetnsLab.PodIp(2), ct), "pod 1 -> pod 2 after node2's device came back");
    }

    private static async Task<string?> VtepMacAsync(OverlayCluster cluster, string node, CancellationToken ct) =>
        OverlayNode.FromNode(await cluster.Client.GetAsync(Resource.Nodes, null, node, ct))?.VtepMac;

    /// <summary>The other node may still hold the old MAC for a moment; a few tries cover one resync.</summary>
    private static async Task<bool> PingEventuallyAsync(NetnsLab lab, string ns, string address, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await lab.PingAsync(ns, address, ct))
                return true;
        }
        return false;
    }
}
