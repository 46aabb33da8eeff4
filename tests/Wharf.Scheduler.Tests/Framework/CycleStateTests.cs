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

    private sealed record Data(int Value) : IStateData
    {
        public IStateData Copy() => new Data(Value);
    }
}
