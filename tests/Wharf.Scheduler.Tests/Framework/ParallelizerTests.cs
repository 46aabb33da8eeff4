using System.Collections.Concurrent;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Tests.Framework;

public sealed class ParallelizerTests
{
    [Theory]
    [InlineData("small input, stops early", 100, 40)]
    [InlineData("large input, stops within the inline part", 5000, 499)]
    [InlineData("large input, stops at the last inline piece", 5000, Parallelizer.InlineBelow - 1)]
    public void Until_StoppingWithinTheInlinePart_RunsExactlyThosePiecesInOrderOnTheCaller(string name, int pieces, int stopAt)
    {
        _ = name;
        var seen = new List<(int Index, int Thread)>();
        var caller = Environment.CurrentManagedThreadId;

        Parallelizer.Until(pieces, 16, i =>
        {
            lock (seen) seen.Add((i, Environment.CurrentManagedThreadId));
            return i < stopAt;
        });

        Assert.Equal(Enumerable.Range(0, stopAt + 1), seen.Select(s => s.Index));
        Assert.All(seen, s => Assert.Equal(caller, s.Thread));
    }

    [Theory]
    [InlineData(Parallelizer.InlineBelow + 1)]
    [InlineData(5000)]
    public void Until_NeverStopping_RunsEveryPieceOnce(int pieces)
    {
        var counts = new ConcurrentDictionary<int, int>();

        Parallelizer.Until(pieces, 4, i => { counts.AddOrUpdate(i, 1, (_, c) => c + 1); return true; });

        Assert.Equal(pieces, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(1, c));
    }

    [Fact]
    public void Until_StoppingAfterTheInlinePart_RanAllInlinePiecesAndStops()
    {
        var counts = new ConcurrentDictionary<int, int>();
        const int stopAt = 3000;

        Parallelizer.Until(100_000, 4, i => { counts.TryAdd(i, 1); return i != stopAt; });

        Assert.All(Enumerable.Range(0, Parallelizer.InlineBelow), i => Assert.True(counts.ContainsKey(i)));
        Assert.True(counts.ContainsKey(stopAt));
        Assert.True(counts.Count < 100_000, "the remaining pieces stop once one returns false");
    }
}
