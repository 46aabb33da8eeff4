namespace Wharf.E2E.Tests.MultiNode;

/// <summary>The netns cluster with pod subnets joined by plain routes via the node addresses (all nodes share the bridge's L2).</summary>
public sealed class HostGwClusterFixture : NetnsClusterFixture
{
    public override string Backend => "host-gw";

    protected override string SubnetPrefix => "192.168.238";
}
