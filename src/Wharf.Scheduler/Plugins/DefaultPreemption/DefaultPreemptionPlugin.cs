using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// PostFilter that evicts lower-priority pods: dry-runs a share of the nodes where preemption might help, picks
/// the candidate with the least damage (PDB-aware) and nominates the preemptor to the node; deleting the victims
/// (with a DisruptionTarget condition) and clearing weaker nominations there run asynchronously, as upstream's
/// async preemption, while PreEnqueue keeps the preemptor waiting.
/// </summary>
internal sealed class DefaultPreemptionPlugin(IFrameworkHandle handle, DefaultPreemptionArgs args, Func<int, int>? random = null)
    : IPostFilterPlugin, IPreEnqueuePlugin, IEnqueueExtensions
{
    public const string NotHelpful = "Preemption is not helpful for scheduling";
    public const string NoVictims = "No preemption victims found for incoming pod";
    public const string WaitingForPreemption = "waiting for the preemption for this pod to be finished";

    private readonly Func<int, int> _random = random ?? Random.Shared.Next;
    private readonly AsyncPreemption _async = new(handle);

    public string Name => PluginNames.DefaultPreemption;

    /// <summary>The API calls of the last preemption started (for tests).</summary>
    public Task LastPreemption { get; private set; } = Task.CompletedTask;

    public Status PreEnqueue(V1Pod pod) => _async.IsRunning(pod) ? Status.Unresolvable(WaitingForPreemption) : Status.Success;

    /// <summary>A preemptor parked by PreEnqueue is released by its last victim's deletion.</summary>
    public IReadOnlyList<ClusterEvent> EventsToRegister() => [new(EventResource.Pod, ActionType.Delete)];

    public ValueTask<PostFilterOutcome> PostFilterAsync(CycleState state, V1Pod pod, NodeToStatus filteredNodeStatus, CancellationToken ct) =>
        ValueTask.FromResult(PostFilter(state, pod, filteredNodeStatus, ct));

    private PostFilterOutcome PostFilter(CycleState state, V1Pod pod, NodeToStatus filteredNodeStatus, CancellationToken ct)
    {
        var (eligible, why) = EligibleToPreempt(pod, filteredNodeStatus.Get(pod.Status?.NominatedNodeName ?? ""));
        if (!eligible) return new PostFilterOutcome(Status.Unschedulable("preemption: " + why));

        var all = handle.Snapshot.NodeInfos;
        if (all.Count == 0) return new PostFilterOutcome(Status.FromError("no nodes available"));
        var (candidates, statuses) = FindCandidates(state, pod, filteredNodeStatus);
        if (candidates.Count == 0)
        {
            statuses.AbsentNodesStatus = Status.Unresolvable(NotHelpful);
            var fit = new FitError(pod, all.Count, new Diagnosis());
            foreach (var (node, s) in statuses.Entries) fit.Diagnosis.NodeToStatus.Set(node, s);
            fit.Diagnosis.NodeToStatus.AbsentNodesStatus = statuses.AbsentNodesStatus;
            // An empty nomination clears a stale status.nominatedNodeName.
            return new PostFilterOutcome(Status.Unschedulable("preemption: " + fit.Message), "");
        }
        var best = CandidateSelector.Pick(candidates)!;
        LastPreemption = PrepareCandidate(best, pod, ct);
        return new PostFilterOutcome(Status.Success, best.NodeName, best.Victims.Count);
    }

    /// <summary>
    /// preemptionPolicy Never, or lower-priority victims of a scheduler preemption still terminating on the nominated
    /// node (upstream's podTerminatingByPreemption: a pod deleted for another reason does not block a new preemption).
    /// </summary>
    public (bool Eligible, string Message) EligibleToPreempt(V1Pod pod, Status nominatedNodeStatus)
    {
        if (pod.Spec?.PreemptionPolicy == "Never") return (false, "not eligible due to preemptionPolicy=Never.");
        var nominated = pod.Status?.NominatedNodeName;
        if (string.IsNullOrEmpty(nominated)) return (true, "");
        if (nominatedNodeStatus.Code == StatusCode.UnschedulableAndUnresolvable) return (true, "");
        if (handle.Snapshot.Get(nominated) is { } ni)
        {
            var priority = pod.Priority();
            foreach (var p in ni.Pods)
                if (p.Pod.Priority() < priority && TerminatingByPreemption(p.Pod))
                    return (false, "not eligible due to a terminating pod on the nominated node.");
        }
        return (true, "");
    }

    /// <summary>Deleted, and its first DisruptionTarget condition says the scheduler preempted it.</summary>
    private static bool TerminatingByPreemption(V1Pod pod) =>
        pod.IsTerminating() && pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "DisruptionTarget") is { Status: "True", Reason: "PreemptionByScheduler" };

    /// <summary>Dry-runs from a random offset until enough candidates are found (upstream DryRunPreemption).</summary>
    public (List<Candidate> Candidates, NodeToStatus Statuses) FindCandidates(CycleState state, V1Pod pod, NodeToStatus filtered)
    {
        var statuses = new NodeToStatus();
        var potential = new List<NodeInfo>();
        foreach (var ni in handle.Snapshot.NodeInfos)
        {
            if (filtered.Get(ni.Name).Code == StatusCode.UnschedulableAndUnresolvable) statuses.Set(ni.Name, Status.Unresolvable(NotHelpful));
            else potential.Add(ni);
        }
        if (potential.Count == 0) return ([], statuses);
        var pdbs = handle.Objects.PodDisruptionBudgets();
        var offset = _random(potential.Count);
        var wanted = NumCandidates(potential.Count);
        var nonViolating = new List<Candidate>();
        var violating = new List<Candidate>();
        var gate = new object();
        Parallelizer.Until(potential.Count, handle.Parallelism, i =>
        {
            var node = potential[(offset + i) % potential.Count];
            var (victims, violations, status) = SelectVictimsOnNode(state.Clone(), pod, node.Clone(), pdbs);
            lock (gate)
            {
                if (status.IsSuccess && victims.Count > 0)
                {
                    (violations == 0 ? nonViolating : violating).Add(new Candidate(node.Name, victims, violations));
                    return !(nonViolating.Count > 0 && nonViolating.Count + violating.Count >= wanted);
                }
                statuses.Set(node.Name, status.IsSuccess ? Status.FromError($"expected at least one victim pod on node \"{node.Name}\"") : status);
                return true;
            }
        });
        return ([.. nonViolating, .. violating], statuses);
    }

    public int NumCandidates(int numNodes)
    {
        var n = numNodes * args.MinCandidateNodesPercentage / 100;
        n = Math.Max(n, args.MinCandidateNodesAbsolute);
        return Math.Min(n, numNodes);
    }

    /// <summary>
    /// Removes every lower-priority pod; if the preemptor then fits, adds them back most-important first
    /// (PDB-violating ones before the others) and keeps as victims only those that break the fit.
    /// </summary>
    public (List<V1Pod> Victims, int NumViolating, Status Status) SelectVictimsOnNode(CycleState state, V1Pod pod, NodeInfo nodeInfo, IReadOnlyList<V1PodDisruptionBudget> pdbs)
    {
        var priority = pod.Priority();
        var potential = nodeInfo.Pods.Where(p => p.Pod.Priority() < priority).ToList();
        if (potential.Count == 0) return ([], 0, Status.Unresolvable(NoVictims));
        foreach (var p in potential)
        {
            nodeInfo.RemovePod(p.Pod);
            handle.RunPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
        }
        var fit = handle.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo);
        if (!fit.IsSuccess) return ([], 0, fit);

        potential.Sort((a, b) => a.Pod.MoreImportantThan(b.Pod) ? -1 : b.Pod.MoreImportantThan(a.Pod) ? 1 : 0);
        var (violatingPods, nonViolatingPods) = PdbClassifier.Split(potential, pdbs);
        var victims = new List<V1Pod>();
        var numViolating = 0;
        bool Reprieve(PodInfo p)
        {
            nodeInfo.AddPod(p);
            handle.RunPreFilterExtensionAddPod(state, pod, p, nodeInfo);
            if (handle.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo).IsSuccess) return true;
            nodeInfo.RemovePod(p.Pod);
            handle.RunPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
            victims.Add(p.Pod);
            return false;
        }
        foreach (var p in violatingPods)
            if (!Reprieve(p)) numViolating++;
        foreach (var p in nonViolatingPods) Reprieve(p);
        return (victims, numViolating, Status.Success);
    }

    private Task PrepareCandidate(Candidate c, V1Pod preemptor, CancellationToken ct)
    {
        var scheduler = preemptor.Spec?.SchedulerName ?? handle.ProfileName;
        var condition = new V1PodCondition
        {
            Type = "DisruptionTarget",
            Status = "True",
            Reason = "PreemptionByScheduler",
            Message = $"{scheduler}: preempting to accommodate a higher priority pod",
            LastTransitionTime = handle.Time.GetUtcNow().UtcDateTime,
        };
        async Task Preempt(V1Pod victim)
        {
            await handle.Cluster.DeletePodAsync(victim, condition, ct).ConfigureAwait(false);
            await handle.Cluster.RecordEventAsync(new SchedulerEvent(victim, SchedulerEvent.Normal, "Preempted", "Preempting",
                $"Preempted by pod {preemptor.Uid()} on node {c.NodeName}", handle.ProfileName, preemptor), ct).ConfigureAwait(false);
        }
        // Lower-priority pods nominated here would no longer fit; let them try elsewhere.
        async Task ClearLowerNominations()
        {
            var priority = preemptor.Priority();
            foreach (var np in handle.Nominator.NominatedPodsForNode(c.NodeName))
            {
                if (np.Pod.Priority() >= priority || np.Uid == preemptor.Uid()) continue;
                handle.Nominator.DeleteNominatedPodIfExists(np.Pod);
                await handle.Cluster.PatchPodStatusAsync(np.Pod, new PodStatusPatch(null, ""), ct).ConfigureAwait(false);
            }
        }
        return _async.Start(preemptor, c.Victims, Preempt, ClearLowerNominations);
    }
}
