using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Tests.Framework;

public class CycleStateTests
{
    private static readonly StateKey<Data> s_a = new("a");
    private static readonly StateKey<Data> s_b = new("b");

    [Fact]
    public void Read_ReturnsWhatWasWrittenUnderThatKeyOnly()
    {
        var state = new CycleState();
        state.Write(s_a, new Data(1));

        Assert.Equal(1, state.TryRead(s_a)!.Value);
        Assert.Null(state.TryRead(s_b));
        Assert.Throws<InvalidOperationException>(() => state.Read(s_b));
    }

    [Fact]
    public void Delete_RemovesOnlyThatKey()
    {
        var state = new CycleState();
        state.Write(s_a, new Data(1));
        state.Write(s_b, new Data(2));

        state.Delete(s_a);

        Assert.Null(state.TryRead(s_a));
        Assert.Equal(2, state.TryRead(s_b)!.Value);
    }

    [Fact]
    public void Clone_CopiesMutableDataAndIsIndependent()
    {
        var state = new CycleState();
        state.Write(s_a, new Data(1));
        var copy = state.Clone();

        state.Write(s_a, new Data(5));
        copy.Write(s_b, new Data(7));

        Assert.Equal(1, copy.TryRead(s_a)!.Value);
        Assert.NotSame(state.TryRead(s_a), copy.TryRead(s_a));
        Assert.Null(state.TryRead(s_b));
    }

    [Fact]
    public void KeysCreatedAfterTheState_StillGetTheirOwnSlots()
    {
        var state = new CycleState();
        var late = Enumerable.Range(0, 40).Select(i => new StateKey<Data>("late" + i)).ToArray();

        for (var i = 0; i < late.Length; i++) state.Write(late[i], new Data(i));

        for (var i = 0; i < late.Length; i++) Assert.Equal(i, state.TryRead(late[i])!.Value);
        Assert.Null(state.TryRead(s_a));
    }

    [Fact]
    public void FilterPlan_SkipsSkippedPlugins_IsKeptByAClone_AndReplannedWhenASkipIsAdded()
    {
        IFilterPlugin[] all = [new NamedFilter("a"), new NamedFilter("b")];
        var state = new CycleState();
        state.SkipFilterPlugins.Add("a");

        var plan = state.FiltersToRun(all);
        var copy = state.Clone();

        Assert.Equal(["b"], plan.Run.Select(p => p.Name));
        Assert.Equal(Status.Success, plan.Calls.Single()(state, new V1Pod(), new NodeInfo()));
        Assert.Same(plan, copy.FiltersToRun(all));
        copy.SkipFilterPlugins.Add("b");
        Assert.Empty(copy.FiltersToRun(all).Run);
        Assert.Same(plan, state.FiltersToRun(all));
    }

    private sealed class NamedFilter(string name) : IFilterPlugin
    {
        public string Name => name;

        public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo) => Status.Success;
    }

    private sealed record Data(int Value) : IStateData
    {
        public IStateData Copy() => new Data(Value);
    }
}
