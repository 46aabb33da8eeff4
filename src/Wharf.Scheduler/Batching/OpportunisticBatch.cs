using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Batching;

/// <summary>
/// Opportunistic batching of one profile (upstream KEP-5598, framework/runtime/batch.go): a cycle that ranked
/// several feasible nodes keeps the ranking below the node it chose; the next pod, if it has the same signature, is
/// scheduled in the very next cycle, and no longer fits the node chosen last, is offered the next node of that
/// ranking as a hint (the cycle still runs Filter on it, and falls back to a full cycle if it fails).
/// </summary>
/// <remarks>
/// The "no longer fits" rule is what makes reuse exact: had the previous pod left room on its node, that node's new
/// score is unknown and it might still be the best. So batching only applies when each pod fills its node (one pod
/// per node, e.g. whole-machine or accelerator pods). The ranking is dropped when it gets older than
/// <see cref="MaxBatchAge"/>, when a cycle fails or another profile's pod is scheduled in between, when the
/// signature changes, and when the last node is gone. Only the scheduling loop calls it (one cycle at a time).
/// </remarks>
public sealed class OpportunisticBatch(SchedulingFramework framework, BatchMetrics metrics, TimeProvider time, Func<V1Pod, string?>? sign = null)
{
    public static readonly TimeSpan MaxBatchAge = TimeSpan.FromMilliseconds(500);

    private readonly Func<V1Pod, string?> _sign = sign ?? framework.SignPod;
    private BatchState? _state;
    private LastCycle _last;

    /// <summary>Pods placed on a hinted node, over the batch's life.</summary>
    public long BatchedPods { get; private set; }

    /// <summary>
    /// After PreFilter: the next node of the stored ranking if it can be reused for this pod, else null. Returns the
    /// pod's signature (null: not signable), which the cycle hands back to <see cref="StoreScheduleResults"/>.
    /// </summary>
    public string? GetNodeHint(CycleState state, V1Pod pod, long cycle, out string? signature)
    {
        signature = _sign(pod);
        if (!Compatible(state, pod, signature, cycle))
        {
            metrics.RecordAttempt(framework.ProfileName, BatchAttemptResult.NoHint);
            return null;
        }
        return _state!.Nodes.Pop();
    }

    /// <summary>
    /// After a successful Filter/Score: <paramref name="others"/> is the rest of the ranking (null or empty when there
    /// was one feasible node). A pod placed on its hint keeps the current ranking going.
    /// </summary>
    public void StoreScheduleResults(string? signature, string? hintedNode, string chosenNode, SortedScoredNodes? others, long cycle)
    {
        _last = new LastCycle(cycle, chosenNode, Succeeded: true);
        if (hintedNode == chosenNode)
        {
            metrics.RecordAttempt(framework.ProfileName, BatchAttemptResult.HintUsed);
            BatchedPods++;
            return;
        }
        // A hint that was given but not taken (its node failed Filter): the fresh ranking replaces the old one.
        if (hintedNode is not null) metrics.RecordAttempt(framework.ProfileName, BatchAttemptResult.HintNotUsed);
        if (signature is not null && others is { Count: > 0 })
        {
            _state = new BatchState(signature, others, time.GetTimestamp());
            return;
        }
        Flush(others is { Count: > 0 } ? BatchFlushReason.PodNotBatchable : BatchFlushReason.EmptyList);
        _state = null;
    }

    private bool Compatible(CycleState state, V1Pod pod, string? signature, long cycle)
    {
        if (_state is not { Nodes.Count: > 0 }) return false;
        if (cycle != _last.Cycle + 1) return Flush(BatchFlushReason.PodSkipped);
        if (!_last.Succeeded) return Flush(BatchFlushReason.PodFailed);
        if (signature is null || signature != _state.Signature) return Flush(BatchFlushReason.PodIncompatible);
        if (time.GetElapsedTime(_state.Created) > MaxBatchAge) return Flush(BatchFlushReason.Expired);
        if (framework.Snapshot.Get(_last.ChosenNode) is not { } lastNode) return Flush(BatchFlushReason.NodeMissing);
        // The snapshot holds the previous pod (assumed), so a rejection here means it filled its node.
        if (!framework.RunFilterPlugins(state, pod, lastNode).IsRejected) return Flush(BatchFlushReason.NodeNotFull);
        return true;
    }

    /// <summary>
    /// Counts why the ranking cannot serve. As upstream, a failed check leaves the ranking in place: the cycle then
    /// runs in full and its own results replace it (or clear it).
    /// </summary>
    private bool Flush(string reason)
    {
        metrics.RecordFlush(framework.ProfileName, reason);
        return false;
    }

    private sealed record BatchState(string Signature, SortedScoredNodes Nodes, long Created);

    private readonly record struct LastCycle(long Cycle, string ChosenNode, bool Succeeded);
}
