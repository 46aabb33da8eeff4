using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Framework;

public class FitErrorTests
{
    [Fact]
    public void Message_MatchesUpstreamExample()
    {
        var d = new Diagnosis();
        d.NodeToStatus.Set("n1", Status.Unschedulable("Insufficient cpu"));
        d.NodeToStatus.Set("n2", Status.Unresolvable("node(s) didn't match Pod's node affinity/selector"));
        d.NodeToStatus.Set("n3", Status.Unresolvable("node(s) didn't match Pod's node affinity/selector"));
        d.PostFilterMsg = "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

        var msg = new FitError(PodBuilder.Make(), 3, d).Message;

        Assert.Equal("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.", msg);
    }

    [Fact]
    public void Message_SortsReasonStringsOrdinally()
    {
        var d = new Diagnosis();
        for (var i = 0; i < 10; i++) d.NodeToStatus.Set("a" + i, Status.Unschedulable("zzz"));
        d.NodeToStatus.Set("b", Status.Unschedulable("Insufficient cpu", "Insufficient memory"));
        d.NodeToStatus.Set("c", Status.Unschedulable("Insufficient memory"));

        // Plain string order as upstream's sort.Strings: "1 " < "10" (space before '0') < "2 ".
        Assert.Equal("0/12 nodes are available: 1 Insufficient cpu, 10 zzz, 2 Insufficient memory.", new FitError(PodBuilder.Make(), 12, d).Message);
    }

    [Fact]
    public void Message_PreFilterRejection_ReplacesHistogram()
    {
        var d = new Diagnosis { PreFilterMsg = "node(s) didn't satisfy plugin NodeAffinity" };

        Assert.Equal("0/5 nodes are available: node(s) didn't satisfy plugin NodeAffinity.", new FitError(PodBuilder.Make(), 5, d).Message);
    }

    [Fact]
    public void Message_AbsentNodes_CountWithAbsentStatus()
    {
        var d = new Diagnosis();
        d.NodeToStatus.AbsentNodesStatus = Status.Unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]");
        d.NodeToStatus.Set("n1", Status.Unschedulable("Insufficient cpu"));

        Assert.Equal("0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].", new FitError(PodBuilder.Make(), 4, d).Message);
    }
}
