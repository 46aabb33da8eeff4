using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Framework;

/// <summary>The inline figures and copied node fields Filter and Score read must always equal what they copy.</summary>
public class NodeFiguresTests
{
    public static TheoryData<string, Action<NodeInfo>> Changes => new()
    {
        { "new node info", _ => { } },
        { "pod added", ni => ni.AddPod(new PodInfo(PodBuilder.Make("a").Uid("a").Req(("cpu", "500m"), ("memory", "1Gi")).Node("n").Obj())) },
        { "best-effort pod added (non-zero defaults)", ni => ni.AddPod(new PodInfo(PodBuilder.Make("b").Uid("b").Node("n").Obj())) },
        { "pod added then removed", ni =>
            {
                var pod = PodBuilder.Make("c").Uid("c").Req(("cpu", "1"), ("ephemeral-storage", "1Gi")).Node("n").Obj();
                ni.AddPod(new PodInfo(pod));
                ni.AddPod(new PodInfo(PodBuilder.Make("d").Uid("d").Req(("cpu", "250m")).Node("n").Obj()));
                Assert.True(ni.RemovePod(pod));
            }
        },
        { "node replaced with other capacity", ni => ni.SetNode(NodeBuilder.Make("n").Capacity(("cpu", "16"), ("memory", "64Gi"), ("pods", "20"))) },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Figures_EqualTheResourceObjects(string name, Action<NodeInfo> change)
    {
        var ni = NodeInfo.For(NodeBuilder.Make("n"), PodBuilder.Make("x").Uid("x").Req(("cpu", "100m")).Node("n").Obj());
        change(ni);

        AssertFigures(ni);
        AssertFigures(ni.Clone());
        Assert.NotNull(name);
    }

    [Fact]
    public void Figures_OfAClone_DoNotFollowTheOriginal()
    {
        var ni = NodeInfo.For(NodeBuilder.Make("n"));
        var clone = ni.Clone();

        ni.AddPod(new PodInfo(PodBuilder.Make("a").Uid("a").Req(("cpu", "1")).Node("n").Obj()));

        Assert.Equal(0, clone.Figures.RequestedMilliCpu);
        Assert.Equal(0, clone.Figures.PodCount);
        Assert.Equal(1000, ni.Figures.RequestedMilliCpu);
        AssertFigures(clone);
    }

    [Theory]
    [InlineData("untainted, schedulable", false, 0)]
    [InlineData("cordoned", true, 0)]
    [InlineData("two taints", false, 2)]
    public void TaintsAndUnschedulable_AreCopiedFromTheNode(string name, bool cordoned, int taints)
    {
        var node = NodeBuilder.Make("n");
        if (cordoned) node.Unschedulable();
        for (var i = 0; i < taints; i++) node.Taint($"k{i}", "v", "NoSchedule");
        var ni = NodeInfo.For(node);

        Assert.Equal(cordoned, ni.Unschedulable);
        Assert.Equal(taints, ni.Taints.Count);
        Assert.Equal(cordoned, ni.Clone().Unschedulable);
        Assert.Equal(taints, ni.Clone().Taints.Count);

        // A node update (uncordoned, taints removed) replaces the copies.
        ni.SetNode(NodeBuilder.Make("n"));
        Assert.False(ni.Unschedulable);
        Assert.Empty(ni.Taints);
        Assert.NotNull(name);
    }

    private static void AssertFigures(NodeInfo ni)
    {
        var f = ni.Figures;
        Assert.Equal(ni.Allocatable.MilliCpu, f.AllocatableMilliCpu);
        Assert.Equal(ni.Allocatable.Memory, f.AllocatableMemory);
        Assert.Equal(ni.Allocatable.EphemeralStorage, f.AllocatableEphemeralStorage);
        Assert.Equal(ni.Allocatable.AllowedPodNumber, f.AllowedPodNumber);
        Assert.Equal(ni.Requested.MilliCpu, f.RequestedMilliCpu);
        Assert.Equal(ni.Requested.Memory, f.RequestedMemory);
        Assert.Equal(ni.Requested.EphemeralStorage, f.RequestedEphemeralStorage);
        Assert.Equal(ni.NonZeroRequested.MilliCpu, f.NonZeroMilliCpu);
        Assert.Equal(ni.NonZeroRequested.Memory, f.NonZeroMemory);
        Assert.Equal(ni.Pods.Count, f.PodCount);
    }
}
