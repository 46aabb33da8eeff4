using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.NodeName;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.Basic;

public class NodeNameTests
{
    [Theory]
    [InlineData("no nodeName", "", true)]
    [InlineData("same node", "n1", true)]
    [InlineData("other node", "n2", false)]
    public void Filter(string name, string nodeName, bool fits)
    {
        var pod = PodBuilder.Make().Obj();
        pod.Spec.NodeName = nodeName;

        var status = new NodeNamePlugin().Filter(new CycleState(), pod, NodeInfo.For(NodeBuilder.Make("n1")));

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal([NodeNamePlugin.ErrReason], status.Reasons);
        Assert.NotNull(name);
    }
}
