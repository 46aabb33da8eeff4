using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Framework;

public class SchedulingFrameworkTests
{
    [Theory]
    [InlineData("lower priority pod yields to the nominated pod", 1, false)]
    [InlineData("equal priority pod also yields", 10, false)]
    [InlineData("higher priority pod ignores the nomination", 20, true)]
    public void NominatedPods_ReserveRoomForHigherOrEqualPriority(string name, int priority, bool fits)
    {
        var fw = TestFramework.Create([NodeBuilder.Make("n").Capacity(("cpu", "2"))], null, PluginNames.NodeResourcesFit);
        fw.Nominator.AddNominatedPod(new PodInfo(PodBuilder.Make("nominated").Priority(10).Req(("cpu", "2"))), "n");
        var pod = PodBuilder.Make().Priority(priority).Req(("cpu", "1")).Obj();
        var state = new CycleState();
        fw.RunPreFilterPlugins(state, pod, fw.Snapshot.NodeInfos, out _, new HashSet<string>());

        var status = fw.RunFilterPluginsWithNominatedPods(state, pod, fw.Snapshot.Get("n")!);

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal(("Insufficient cpu", PluginNames.NodeResourcesFit), (status.Message, status.Plugin));
        Assert.NotNull(name);
    }

    [Fact]
    public void Filter_StopsAtFirstFailingPlugin_AndNamesIt()
    {
        var fw = TestFramework.Create([NodeBuilder.Make("n").Unschedulable().Capacity(("cpu", "1"))], null, PluginNames.NodeUnschedulable, PluginNames.NodeResourcesFit);

        var status = fw.RunFilter(PodBuilder.Make().Req(("cpu", "2")), "n");

        Assert.Equal((PluginNames.NodeUnschedulable, StatusCode.UnschedulableAndUnresolvable), (status.Plugin, status.Code));
    }

    [Fact]
    public void PreFilter_MatchFieldsNodeNames_NarrowCandidatesAndNameThePlugin()
    {
        var fw = TestFramework.Create([NodeBuilder.Make("a"), NodeBuilder.Make("b")], null, PluginNames.NodeAffinity);
        var rejectors = new HashSet<string>();

        var s = fw.RunPreFilterPlugins(new CycleState(), PodBuilder.Make().RequiredNodeName("zzz"), fw.Snapshot.NodeInfos, out var result, rejectors);

        Assert.True(s.IsSuccess);
        Assert.Equal(["zzz"], result!.NodeNames!);
        Assert.Equal([PluginNames.NodeAffinity], rejectors);
    }
}
