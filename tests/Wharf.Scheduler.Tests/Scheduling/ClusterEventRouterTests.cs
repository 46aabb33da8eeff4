using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Scheduling;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Scheduling;

public class ClusterEventRouterTests
{
    [Theory]
    [InlineData("nothing relevant", "", ActionType.None)]
    [InlineData("label", "label", ActionType.UpdateNodeLabel)]
    [InlineData("cordon", "cordon", ActionType.UpdateNodeTaint)]
    [InlineData("taint", "taint", ActionType.UpdateNodeTaint)]
    [InlineData("allocatable", "cpu", ActionType.UpdateNodeAllocatable)]
    [InlineData("label and taint", "label,taint", ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint)]
    public void NodeUpdateAction(string name, string changes, ActionType expected)
    {
        var old = NodeBuilder.Make("n").Obj();
        var now = NodeBuilder.Make("n");
        foreach (var c in changes.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            _ = c switch
            {
                "label" => now.Label("disk", "ssd"),
                "cordon" => now.Unschedulable(),
                "taint" => now.Taint("k", "v", "NoSchedule"),
                "cpu" => now.Capacity(("cpu", "64")),
                _ => now,
            };
        }

        Assert.Equal(expected, ClusterEventRouter.NodeUpdateAction(old, now));
        Assert.NotNull(name);
    }

    [Theory]
    [InlineData("label change", true, "1", ActionType.UpdatePodLabel)]
    [InlineData("scale down", false, "500m", ActionType.UpdatePodScaleDown)]
    [InlineData("scale up is not an event", false, "2", ActionType.None)]
    public void PodUpdateAction(string name, bool relabel, string cpu, ActionType expected)
    {
        var old = PodBuilder.Make("p").Node("n").Req(("cpu", "1")).Obj();
        var now = PodBuilder.Make("p").Node("n").Req(("cpu", cpu));
        if (relabel) now.Label("app", "x");

        Assert.Equal(expected, ClusterEventRouter.PodUpdateAction(old, now));
        Assert.NotNull(name);
    }
}
