namespace Wharf.E2E.Tests.MultiNode;

/// <summary>
/// A vxlan cluster of its own for the node-loss test, on its own subnet, whose node-monitor grace period is 20 s: half
/// upstream's 40 s and still twice the agents' 10 s lease renewal, so a lost node shows sooner and a late renewal does not.
/// </summary>
public sealed class NodeLossClusterFixture : NetnsClusterFixture
{
    public override string Backend => "vxlan";

    protected override string SubnetPrefix => "192.168.239";

    protected override IReadOnlyList<string> ControllerManagerArgs => ["node-monitor-grace-period=20s", "node-monitor-period=2s"];
}
