using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Scheduling;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Scheduling;

/// <summary>
/// The Filter pass asks once per cycle whether any pod is nominated and skips the per-node lookup when none is; a
/// nomination must still reserve its room in the pass.
/// </summary>
public class NominatedFilterTests
{
    [Theory]
    [InlineData("no nomination anywhere: both nodes fit", false, 2, new string[0])]
    [InlineData("a higher-priority pod nominated to the first node keeps its room", true, 1, new[] { "n1" })]
    public void FindNodesThatFitPod_HonoursNominations(string name, bool nominate, int feasible, string[] rejected)
    {
        var fw = TestFramework.Create([NodeBuilder.Make("n1").Capacity(("cpu", "2")), NodeBuilder.Make("n2").Capacity(("cpu", "2"))], null, PluginNames.NodeResourcesFit);
        if (nominate) fw.Nominator.AddNominatedPod(new PodInfo(PodBuilder.Make("nominated").Uid("nominated").Priority(10).Req(("cpu", "2"))), "n1");
        var pod = PodBuilder.Make("p").Uid("p").Priority(1).Req(("cpu", "1")).Obj();

        var fit = new SchedulingAlgorithm(100, _ => 0).FindNodesThatFitPod(fw, new CycleState(), pod);

        Assert.Equal(nominate, fw.Nominator.HasNominatedPods);
        Assert.Equal(feasible, fit.Feasible.Count);
        Assert.Equal(rejected, fw.Snapshot.NodeInfos.Select(n => n.Name).Except(fit.Feasible.Select(n => n.Name)).ToArray());
        Assert.NotNull(name);
    }
}
