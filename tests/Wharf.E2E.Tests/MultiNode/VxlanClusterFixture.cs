namespace Wharf.E2E.Tests.MultiNode;

/// <summary>The netns cluster with pod subnets joined by the VXLAN overlay (the default backend).</summary>
public sealed class VxlanClusterFixture : NetnsClusterFixture
{
    public override string Backend => "vxlan";

    protected override string SubnetPrefix => "192.168.237";
}
