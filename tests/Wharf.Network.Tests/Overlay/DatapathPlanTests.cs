using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

public sealed class DatapathPlanTests
{
    private static readonly OverlayRoute RouteB = new("10.244.2.0/24", "10.244.2.0", "wharf.1", true);
    private static readonly NeighbourEntry NeighbourB = new("10.244.2.0", "aa:bb:cc:dd:ee:02", "wharf.1");
    private static readonly FdbEntry FdbB = new("aa:bb:cc:dd:ee:02", "192.168.77.2", "wharf.1");
    private static readonly DesiredState WithB = new([RouteB], [NeighbourB], [FdbB]);

    [Fact]
    public void NewNodeGetsFdbThenNeighbourThenRoute()
    {
        var plan = DatapathPlan.Compute(DesiredState.Empty, WithB, 87).Select(c => c.ToString());

        Assert.Equal(
        [
            "bridge fdb replace aa:bb:cc:dd:ee:02 dev wharf.1 dst 192.168.77.2 self permanent",
            "ip neigh replace 10.244.2.0 lladdr aa:bb:cc:dd:ee:02 dev wharf.1 nud permanent",
            "ip route replace 10.244.2.0/24 via 10.244.2.0 dev wharf.1 onlink proto 87",
        ], plan);
    }

    [Fact]
    public void GoneNodeLosesRouteFirst()
    {
        var plan = DatapathPlan.Compute(WithB, DesiredState.Empty, 87).Select(c => c.ToString());

        Assert.Equal(
        [
            "ip route del 10.244.2.0/24 via 10.244.2.0 dev wharf.1 proto 87",
            "ip neigh del 10.244.2.0 dev wharf.1",
            "bridge fdb del aa:bb:cc:dd:ee:02 dev wharf.1 dst 192.168.77.2 self",
        ], plan);
    }

    [Fact]
    public void SteadyStateNeedsNoCommand() =>
        Assert.Empty(DatapathPlan.Compute(WithB, new DesiredState([RouteB with { }], [NeighbourB with { }], [FdbB with { }]), 87));

    [Fact]
    public void MovedNodeReplacesOnlyWhatChanged()
    {
        var moved = WithB with { Fdb = [FdbB with { Destination = "192.168.77.12" }] };

        var plan = DatapathPlan.Compute(WithB, moved, 87).Select(c => c.ToString());

        Assert.Equal(
        [
            "bridge fdb del aa:bb:cc:dd:ee:02 dev wharf.1 dst 192.168.77.2 self",
            "bridge fdb replace aa:bb:cc:dd:ee:02 dev wharf.1 dst 192.168.77.12 self permanent",
        ], plan);
    }

    [Fact]
    public void HostGwRouteHasNoOnlink()
    {
        var route = new OverlayRoute("10.244.2.0/24", "192.168.77.2", "eth0", false);

        var plan = DatapathPlan.Compute(DesiredState.Empty, new DesiredState([route], [], []), 87);

        Assert.Equal("ip route replace 10.244.2.0/24 via 192.168.77.2 dev eth0 proto 87", Assert.Single(plan).ToString());
    }
}
