using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

public sealed class DesiredStateBuilderTests
{
    private static readonly LocalOverlay Vxlan = new("a", OverlayBackend.Vxlan, "10.244.0.0/16", "10.244.1.0/24", "eth0", 1, "wharf.1");
    private static readonly LocalOverlay HostGw = Vxlan with { Backend = OverlayBackend.HostGw };

    private static OverlayNode Self(LocalOverlay local) => local.Backend == OverlayBackend.Vxlan
        ? new NodeBuilder("a").PodCidr("10.244.1.0/24").Vxlan("192.168.77.1", "aa:bb:cc:dd:ee:01").Parsed()
        : new NodeBuilder("a").PodCidr("10.244.1.0/24").HostGw("192.168.77.1").Parsed();

    private static OverlayNode B => new NodeBuilder("b").PodCidr("10.244.2.0/24").Vxlan("192.168.77.2", "aa:bb:cc:dd:ee:02").Parsed();
    private static OverlayNode C => new NodeBuilder("c").PodCidr("10.244.3.0/24").Vxlan("192.168.77.3", "aa:bb:cc:dd:ee:03").Parsed();

    [Fact]
    public void VxlanRoutesEachOtherNodeThroughItsVtep()
    {
        var state = DesiredStateBuilder.Compute(Vxlan, [Self(Vxlan), B, C]);

        Assert.Equal(
            [new OverlayRoute("10.244.2.0/24", "10.244.2.0", "wharf.1", true), new OverlayRoute("10.244.3.0/24", "10.244.3.0", "wharf.1", true)],
            state.Routes);
        Assert.Equal(
            [new NeighbourEntry("10.244.2.0", "aa:bb:cc:dd:ee:02", "wharf.1"), new NeighbourEntry("10.244.3.0", "aa:bb:cc:dd:ee:03", "wharf.1")],
            state.Neighbours);
        Assert.Equal(
            [new FdbEntry("aa:bb:cc:dd:ee:02", "192.168.77.2", "wharf.1"), new FdbEntry("aa:bb:cc:dd:ee:03", "192.168.77.3", "wharf.1")],
            state.Fdb);
    }

    [Fact]
    public void HostGwRoutesEachOtherNodeViaItsAddress()
    {
        var b = new NodeBuilder("b").PodCidr("10.244.2.0/24").HostGw("192.168.77.2").Parsed();

        var state = DesiredStateBuilder.Compute(HostGw, [Self(HostGw), b]);

        Assert.Equal([new OverlayRoute("10.244.2.0/24", "192.168.77.2", "eth0", false)], state.Routes);
        Assert.Empty(state.Neighbours);
        Assert.Empty(state.Fdb);
    }

    [Fact]
    public void AddedNodeAddsItsEntries()
    {
        var before = DesiredStateBuilder.Compute(Vxlan, [Self(Vxlan), B]);
        var after = DesiredStateBuilder.Compute(Vxlan, [Self(Vxlan), B, C]);

        Assert.Equal([new OverlayRoute("10.244.3.0/24", "10.244.3.0", "wharf.1", true)], after.Routes.Except(before.Routes));
        Assert.Equal(before.Routes, after.Routes.Intersect(before.Routes));
    }

    [Fact]
    public void RemovedNodeTakesItsEntriesAlong()
    {
        var state = DesiredStateBuilder.Compute(Vxlan, [Self(Vxlan), C]);

        Assert.DoesNotContain(state.Routes, r => r.Destination == "10.244.2.0/24");
        Assert.DoesNotContain(state.Neighbours, n => n.Address == "10.244.2.0");
        Assert.DoesNotContain(state.Fdb, f => f.Mac == "aa:bb:cc:dd:ee:02");
    }

    [Fact]
    public void ChangedMacAndAddressReplaceTheOldEntries()
    {
        var moved = new NodeBuilder("b").PodCidr("10.244.2.0/24").Vxlan("192.168.77.12", "aa:bb:cc:dd:ee:12").Parsed();

        var state = DesiredStateBuilder.Compute(Vxlan, [Self(Vxlan), moved]);

        Assert.Equal([new NeighbourEntry("10.244.2.0", "aa:bb:cc:dd:ee:12", "wharf.1")], state.Neighbours);
        Assert.Equal([new FdbEntry("aa:bb:cc:dd:ee:12", "192.168.77.12", "wharf.1")], state.Fdb);
    }

    private static readonly Dictionary<string, OverlayNode> UnroutableNodes = new()
    {
        { "no pod CIDR yet", new NodeBuilder("b").Vxlan("192.168.77.2", "aa:bb:cc:dd:ee:02").Parsed() },
        { "no annotations yet", new NodeBuilder("b").PodCidr("10.244.2.0/24").Parsed() },
        { "other backend", new NodeBuilder("b").PodCidr("10.244.2.0/24").HostGw("192.168.77.2").Parsed() },
        { "other VNI", new NodeBuilder("b").PodCidr("10.244.2.0/24").Vxlan("192.168.77.2", "aa:bb:cc:dd:ee:02", vni: 2).Parsed() },
        { "pod CIDR outside the cluster CIDR", new NodeBuilder("b").PodCidr("192.168.0.0/24").Vxlan("192.168.77.2", "aa:bb:cc:dd:ee:02").Parsed() },
        { "pod CIDR as wide as the cluster CIDR", new NodeBuilder("b").PodCidr("10.244.0.0/16").Vxlan("192.168.77.2", "aa:bb:cc:dd:ee:02").Parsed() },
        { "pod CIDR that would take the default route", new NodeBuilder("b").PodCidr("0.0.0.0/0").Vxlan("192.168.77.2", "aa:bb:cc:dd:ee:02").Parsed() },
        { "pod CIDR overlapping ours", new NodeBuilder("b").PodCidr("10.244.1.128/25").Vxlan("192.168.77.2", "aa:bb:cc:dd:ee:02").Parsed() },
    };

    public static TheoryData<string> Unroutable => new(UnroutableNodes.Keys);

    [Theory]
    [MemberData(nameof(Unroutable))]
    public void NodeThatCannotBeRoutedIsLeftOut(string reason)
    {
        var state = DesiredStateBuilder.Compute(Vxlan, [Self(Vxlan), UnroutableNodes[reason], C]);

        Assert.Equal(["10.244.3.0/24"], state.Routes.Select(r => r.Destination));
        Assert.Single(state.Neighbours);
        Assert.Single(state.Fdb);
    }

    [Theory]
    [InlineData("same pod CIDR", "10.244.3.0/24", "aa:bb:cc:dd:ee:09")]
    [InlineData("overlapping pod CIDR", "10.244.3.0/25", "aa:bb:cc:dd:ee:09")]
    [InlineData("same vtep MAC", "10.244.9.0/24", "aa:bb:cc:dd:ee:03")]
    public void ConflictGoesToTheNodeWhoseNameSortsFirst(string _, string cidr, string mac)
    {
        var late = new NodeBuilder("z").PodCidr(cidr).Vxlan("192.168.77.9", mac).Parsed();

        var forward = DesiredStateBuilder.Compute(Vxlan, [Self(Vxlan), C, late]);
        var backward = DesiredStateBuilder.Compute(Vxlan, [late, C, Self(Vxlan)]);

        Assert.Equal([new OverlayRoute("10.244.3.0/24", "10.244.3.0", "wharf.1", true)], forward.Routes);
        Assert.Equal(forward.Routes, backward.Routes);
        Assert.Equal(forward.Fdb, backward.Fdb);
    }

    [Fact]
    public void OwnNodeIsNeverRouted()
    {
        var state = DesiredStateBuilder.Compute(Vxlan, [Self(Vxlan)]);

        Assert.Equal(DesiredState.Empty.Routes, state.Routes);
        Assert.Empty(state.Fdb);
    }
}
