using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.NodeUnschedulable;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.Basic;

public class NodeUnschedulableTests
{
    [Theory]
    [InlineData("schedulable node", false, false, true)]
    [InlineData("cordoned node", true, false, false)]
    [InlineData("cordoned but tolerated", true, true, true)]
    public void Filter(string name, bool cordoned, bool tolerates, bool fits)
    {
        var node = NodeBuilder.Make("n");
        if (cordoned) node.Unschedulable();
        var pod = PodBuilder.Make();
        if (tolerates) pod.Toleration("node.kubernetes.io/unschedulable", "Exists", effect: "NoSchedule");

        var status = new NodeUnschedulablePlugin().Filter(new CycleState(), pod, NodeInfo.For(node));

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal(("node(s) were unschedulable", StatusCode.UnschedulableAndUnresolvable), (status.Reasons[0], status.Code));
        Assert.NotNull(name);
    }
}
