using k8s.Models;
using Wharf.Scheduler.Batching;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Batching;

/// <summary>
/// The batch's rules in isolation, after upstream's batch_test.go: nodes take one pod each, so a node that holds a
/// pod is full; the signature is the pod's "sig" label (none: unsignable).
/// </summary>
public class OpportunisticBatchTests
{
    private const string Profile = "default-scheduler";
    private readonly ManualTimeProvider _time = new();
    private readonly BatchMetrics _metrics = new();

    private static V1Node OnePodNode(string name) => NodeBuilder.Make(name).Capacity(("cpu", "4"), ("memory", "16Gi"), ("pods", "1"));

    private static V1Pod Pod(string name, string? sig) => sig is null ? PodBuilder.Make(name) : PodBuilder.Make(name).Label("sig", sig);

    private static string? Sign(V1Pod pod) => pod.Metadata.Labels is { } labels && labels.TryGetValue("sig", out var sig) ? sig : null;

    /// <param name="occupied">Nodes that already hold a pod (the one scheduled there last is among them).</param>
    private (OpportunisticBatch Batch, SchedulingFramework Fw) NewBatch(params string[] occupied)
    {
        var nodes = new[] { OnePodNode("n1"), OnePodNode("n2"), OnePodNode("n3") };
        var pods = occupied.Select(n => (V1Pod)PodBuilder.Make("on-" + n).Node(n));
        var fw = TestFramework.Create(nodes, pods, PluginNames.NodeResourcesFit);
        return (new OpportunisticBatch(fw, _metrics, _time, Sign), fw);
    }

    private static SortedScoredNodes Ranking(params (string Name, long Score)[] nodes) => new(nodes);

    private static string? Hint(OpportunisticBatch batch, SchedulingFramework fw, V1Pod pod, long cycle) =>
        batch.GetNodeHint(BatchProfiles.PreFiltered(fw, pod), pod, cycle, out _);

    public static TheoryData<string, string?, string?, long, string[], string?, string?> Cases => new()
    {
        // name, first signature, second signature, second cycle, occupied nodes, expected hint, expected flush reason
        { "same signature, last node full: the best node left", "a", "a", 2, ["n1"], "n3", null },
        { "different signature", "a", "b", 2, ["n1"], null, BatchFlushReason.PodIncompatible },
        { "second pod unsignable", "a", null, 2, ["n1"], null, BatchFlushReason.PodIncompatible },
        { "a cycle ran in between", "a", "a", 3, ["n1"], null, BatchFlushReason.PodSkipped },
        { "same cycle again", "a", "a", 1, ["n1"], null, BatchFlushReason.PodSkipped },
        { "last node still has room", "a", "a", 2, [], null, BatchFlushReason.NodeNotFull },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SecondPod_GetsAHint_OnlyUnderUpstreamsRules(string name, string? firstSig, string? secondSig, long cycle, string[] occupied, string? hint, string? flush)
    {
        var (batch, fw) = NewBatch(occupied);
        var first = Pod("first", firstSig);
        Assert.Null(Hint(batch, fw, first, 1));
        batch.StoreScheduleResults(Sign(first), null, "n1", Ranking(("n2", 50), ("n3", 80)), 1);

        Assert.True(hint == Hint(batch, fw, Pod("second", secondSig), cycle), name);
        foreach (var reason in new[] { BatchFlushReason.PodIncompatible, BatchFlushReason.PodSkipped, BatchFlushReason.NodeNotFull })
            Assert.Equal(reason == flush ? 1 : 0, _metrics.Flushes(Profile, reason));
        Assert.Equal(hint is null ? 2 : 1, _metrics.Attempts(Profile, BatchAttemptResult.NoHint));
    }

    [Fact]
    public void NoStoredResult_NoHint_AndNothingFlushed()
    {
        // The first pod failed (its cycle stored nothing): the next one starts from scratch.
        var (batch, fw) = NewBatch("n1");
        Assert.Null(Hint(batch, fw, Pod("first", "a"), 1));
        Assert.Null(Hint(batch, fw, Pod("second", "a"), 2));

        Assert.Equal(2, _metrics.Attempts(Profile, BatchAttemptResult.NoHint));
        Assert.Equal(0, _metrics.Flushes(Profile, BatchFlushReason.PodSkipped));
    }

    [Fact]
    public void LastNodeGone_NoHint()
    {
        var (batch, fw) = NewBatch("n1");
        batch.StoreScheduleResults("a", null, "deleted-node", Ranking(("n2", 50)), 1);

        Assert.Null(Hint(batch, fw, Pod("second", "a"), 2));
        Assert.Equal(1, _metrics.Flushes(Profile, BatchFlushReason.NodeMissing));
    }

    [Theory]
    [InlineData("just young enough", 500, "n2")]
    [InlineData("older than maxBatchAge", 501, null)]
    public void Ranking_ExpiresAfter500ms(string because, int ageMs, string? hint)
    {
        var (batch, fw) = NewBatch("n1");
        batch.StoreScheduleResults("a", null, "n1", Ranking(("n2", 50)), 1);
        _time.Advance(TimeSpan.FromMilliseconds(ageMs));

        Assert.True(hint == Hint(batch, fw, Pod("second", "a"), 2), because);
        Assert.Equal(hint is null ? 1 : 0, _metrics.Flushes(Profile, BatchFlushReason.Expired));
    }

    [Theory]
    [InlineData("one feasible node: nothing to rank", "a", false, BatchFlushReason.EmptyList)]
    [InlineData("unsignable pod", null, true, BatchFlushReason.PodNotBatchable)]
    public void UnusableResults_AreNotStored(string because, string? sig, bool ranked, string reason)
    {
        var (batch, fw) = NewBatch("n1");
        batch.StoreScheduleResults(sig, null, "n1", ranked ? Ranking(("n2", 50)) : null, 1);

        Assert.Null(Hint(batch, fw, Pod("second", "a"), 2));
        Assert.True(_metrics.Flushes(Profile, reason) == 1, because);
    }

    [Fact]
    public void UsedHint_KeepsTheRanking_UntilItRunsOut()
    {
        // n1 and n3 are full (pods 1 and 2 went there), so pod 3 is offered n2, and pod 4 nothing.
        var (batch, fw) = NewBatch("n1", "n3");
        batch.StoreScheduleResults("a", null, "n1", Ranking(("n2", 50), ("n3", 80)), 1);
        var hint2 = Hint(batch, fw, Pod("p2", "a"), 2);
        batch.StoreScheduleResults("a", hint2, "n3", null, 2);
        var hint3 = Hint(batch, fw, Pod("p3", "a"), 3);
        batch.StoreScheduleResults("a", hint3, "n2", null, 3);
        var hint4 = Hint(batch, fw, Pod("p4", "a"), 4);

        Assert.Equal(("n3", "n2", (string?)null), (hint2, hint3, hint4));
        Assert.Equal(2, _metrics.Attempts(Profile, BatchAttemptResult.HintUsed));
        Assert.Equal(2, batch.BatchedPods);
    }

    [Fact]
    public void HintNotTaken_TheFreshRankingReplacesTheOldOne()
    {
        // The hinted node failed Filter (say a node update); the full cycle chose n2 and ranked n3 below it.
        var (batch, fw) = NewBatch("n1", "n2");
        batch.StoreScheduleResults("a", null, "n1", Ranking(("n3", 80)), 1);
        var hint = Hint(batch, fw, Pod("p2", "a"), 2);
        batch.StoreScheduleResults("a", hint, "n2", Ranking(("n3", 70)), 2);

        Assert.Equal("n3", hint);
        Assert.Equal(1, _metrics.Attempts(Profile, BatchAttemptResult.HintNotUsed));
        Assert.Equal("n3", Hint(batch, fw, Pod("p3", "a"), 3));
    }

    [Fact]
    public void Ranking_PopsBestFirst_TiesInEvaluationOrder()
    {
        var ranking = Ranking(("a", 10), ("b", 30), ("c", 30), ("d", 20));

        Assert.Equal(["b", "c", "d", "a"], new[] { ranking.Pop(), ranking.Pop(), ranking.Pop(), ranking.Pop() });
        Assert.Equal(0, ranking.Count);
        Assert.Throws<InvalidOperationException>(() => ranking.Pop());
    }
}
