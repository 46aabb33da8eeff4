using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Batching;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Scheduling;

/// <summary>
/// The pure part of a cycle over a snapshot: PreFilter, Filter in parallel from a round-robin start index until
/// enough feasible nodes are found, then PreScore/Score and a random pick among the best; with an <see cref="OpportunisticBatch"/>, a hinted node
/// that passes Filter skips the search and Score. Throws
/// <see cref="FitError"/> when nothing fits and <see cref="SchedulingException"/> on plugin faults.
/// </summary>
internal sealed class SchedulingAlgorithm(int? globalPercentageOfNodesToScore, Func<int, int> random)
{
    private int _nextStartNodeIndex;

    /// <summary>How many nodes ahead the Filter pass prefetches (a node's Filter is a few hundred nanoseconds, about one miss).</summary>
    private const int PrefetchDistance = 6;

    public const string NoNodesAvailable = "no nodes available to schedule pods";

    public int NextStartNodeIndex => _nextStartNodeIndex;

    /// <param name="batch">This profile's opportunistic batch, or null when batching is off.</param>
    /// <param name="cycle">The scheduling queue's cycle number of this attempt (the batch reuses only the previous cycle's ranking).</param>
    public ScheduleResult Schedule(SchedulingFramework fw, CycleState state, V1Pod pod, OpportunisticBatch? batch = null, long cycle = 0)
    {
        var snapshot = fw.Snapshot;
        if (snapshot.NumNodes == 0) throw new SchedulingException(Status.Unresolvable(NoNodesAvailable));
        var fit = FindNodesThatFitPod(fw, state, pod, batch, cycle);
        var feasible = fit.Feasible;
        if (feasible.Count == 0) throw new FitError(pod, snapshot.NumNodes, fit.Diagnosis);
        var evaluated = feasible.Count + fit.Diagnosis.NodeToStatus.Count;
        if (feasible.Count == 1)
        {
            batch?.StoreScheduleResults(fit.Signature, fit.Hint, feasible[0].Name, null, cycle);
            return new ScheduleResult(feasible[0].Name, evaluated, 1);
        }

        var s = fw.RunPreScorePlugins(state, pod, feasible);
        if (!s.IsSuccess) throw new SchedulingException(s);
        s = fw.RunScorePlugins(state, pod, feasible, out var totals);
        if (!s.IsSuccess) throw new SchedulingException(s);
        var best = SelectHost(totals);
        batch?.StoreScheduleResults(fit.Signature, fit.Hint, feasible[best].Name, SortedScoredNodes.AllBut(feasible, totals, best), cycle);
        return new ScheduleResult(feasible[best].Name, evaluated, feasible.Count);
    }

    public FitResult FindNodesThatFitPod(SchedulingFramework fw, CycleState state, V1Pod pod, OpportunisticBatch? batch = null, long cycle = 0)
    {
        var diagnosis = new Diagnosis();
        var all = fw.Snapshot.NodeInfos;
        var s = fw.RunPreFilterPlugins(state, pod, all, out var restriction, diagnosis.UnschedulablePlugins);
        if (!s.IsSuccess)
        {
            if (!s.IsRejected) throw new SchedulingException(s);
            diagnosis.NodeToStatus.AbsentNodesStatus = s;
            diagnosis.PreFilterMsg = s.Message;
            return new FitResult([], diagnosis, null, null);
        }

        // Asked even for a nominated pod, as upstream (the batch must see every cycle to keep its bookkeeping).
        string? signature = null;
        var hint = batch?.GetNodeHint(state, pod, cycle, out signature);

        // A pod nominated by an earlier preemption tries its node first; otherwise a batch hint is tried the same way.
        var first = pod.Status?.NominatedNodeName is { Length: > 0 } nominated ? nominated : hint;
        if (first is not null && fw.Snapshot.Get(first) is { } firstNode
            && fw.RunFilterPluginsWithNominatedPods(state, pod, firstNode).IsSuccess)
            return new FitResult([firstNode], diagnosis, hint, signature);

        IReadOnlyList<NodeInfo> nodes = all;
        if (restriction is { AllNodes: false, NodeNames: { } names })
        {
            nodes = [.. names.Select(fw.Snapshot.Get).OfType<NodeInfo>()];
            diagnosis.NodeToStatus.AbsentNodesStatus = Status.Unresolvable($"node(s) didn't satisfy plugin(s) [{string.Join(" ", diagnosis.UnschedulablePlugins.Order())}]");
        }
        var feasible = FindNodesThatPassFilters(fw, state, pod, diagnosis, nodes);
        var processed = feasible.Count + diagnosis.NodeToStatus.Count;
        if (all.Count > 0) _nextStartNodeIndex = (_nextStartNodeIndex + processed) % all.Count;
        return new FitResult(feasible, diagnosis, hint, signature);
    }

    private List<NodeInfo> FindNodesThatPassFilters(SchedulingFramework fw, CycleState state, V1Pod pod, Diagnosis diagnosis, IReadOnlyList<NodeInfo> nodes)
    {
        var count = nodes.Count;
        if (count == 0) return [];
        var toFind = FeasibleNodes.NumToFind(count, fw.PercentageOfNodesToScore ?? globalPercentageOfNodesToScore);
        var found = new NodeInfo[toFind];
        var numFound = 0;
        Status? fault = null;
        var start = _nextStartNodeIndex;
        // Asked once per cycle: with no nomination anywhere, the per-node lookup would find none on any node.
        var withNominated = fw.Nominator.HasNominatedPods;
        Parallelizer.Until(count, fw.Parallelism, [MethodImpl(HotPath.Options)] (i) =>
        {
            var node = nodes[(start + i) % count];
            Prefetch.Object(nodes[(start + i + PrefetchDistance) % count]);
            var status = withNominated ? fw.RunFilterPluginsWithNominatedPods(state, pod, node) : fw.RunFilterPlugins(state, pod, node);
            if (status.IsSuccess)
            {
                var n = Interlocked.Increment(ref numFound);
                if (n > toFind) return false;
                found[n - 1] = node;
                return n < toFind;
            }
            if (!status.IsRejected)
            {
                Interlocked.CompareExchange(ref fault, status, null);
                return false;
            }
            diagnosis.NodeToStatus.Set(node.Name, status);
            if (status.Plugin is { } plugin)
            {
                var set = status.Code == StatusCode.Pending ? diagnosis.PendingPlugins : diagnosis.UnschedulablePlugins;
                lock (set) set.Add(plugin);
            }
            return true;
        });
        if (fault is not null) throw new SchedulingException(fault);
        var n = Math.Min(numFound, toFind);
        var result = new List<NodeInfo>(n);
        for (var i = 0; i < n; i++) result.Add(found[i]);
        return result;
    }

    /// <summary>Highest total wins; ties are broken uniformly at random (reservoir sampling, as upstream).</summary>
    private int SelectHost(long[] totals)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < totals.Length; i++)
        {
            if (totals[i] > totals[best]) { best = i; ties = 1; }
            else if (totals[i] == totals[best] && random(++ties) == 0) best = i;
        }
        return best;
    }
}
