using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.NodeResources;

/// <summary>
/// Filter: the node's free allocatable covers the pod's effective requests (init-container max rule, sidecars,
/// overhead) and a pod slot. Score: LeastAllocated (default), MostAllocated or RequestedToCapacityRatio.
/// </summary>
internal sealed class FitPlugin : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions, ISignPlugin
{
    private static readonly StateKey<PodRequestState> s_filterKey = new("PreFilter" + PluginNames.NodeResourcesFit);
    private static readonly StateKey<ScoreState> s_scoreKey = new("PreScore" + PluginNames.NodeResourcesFit);

    private readonly HashSet<string> _ignored;
    private readonly HashSet<string> _ignoredGroups;
    private readonly ResourceAllocationScorer _scorer;

    public FitPlugin(NodeResourcesFitArgs args)
    {
        _ignored = [.. args.IgnoredResources];
        _ignoredGroups = [.. args.IgnoredResourceGroups];
        var strategy = args.ScoringStrategy ?? new ScoringStrategy();
        var resources = strategy.Resources is { Count: > 0 } r ? r : ResourceSpec.DefaultResources();
        var scorer = strategy.Type switch
        {
            ScoringStrategyType.LeastAllocated => ResourceScorers.LeastAllocated,
            ScoringStrategyType.MostAllocated => ResourceScorers.MostAllocated,
            ScoringStrategyType.RequestedToCapacityRatio when strategy.RequestedToCapacityRatio?.Shape is { Count: > 0 } shape => ResourceScorers.RequestedToCapacityRatio(shape),
            ScoringStrategyType.RequestedToCapacityRatio => throw new Config.InvalidSchedulerConfigException(["scoringStrategy.requestedToCapacityRatio.shape: Required value"]),
            _ => throw new Config.InvalidSchedulerConfigException([$"scoringStrategy.type: Unsupported value: \"{strategy.Type}\""]),
        };
        _scorer = new ResourceAllocationScorer(resources, useRequested: false, scorer);
    }

    public string Name => PluginNames.NodeResourcesFit;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.Resources, Signers.Resources(pod));
        return true;
    }

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        state.Write(s_filterKey, new PodRequestState(state.PodInfoFor(pod).Requests));
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var request = state.TryRead(s_filterKey)?.Request ?? Util.PodResources.Requests(pod);
        if (Fits(request, nodeInfo)) return Status.Success;
        var reasons = InsufficientResources(request, nodeInfo);
        return reasons.Count == 0 ? Status.Success : new Status(StatusCode.Unschedulable, reasons);
    }

    /// <summary>
    /// Whether <see cref="InsufficientResources"/> would find nothing, from the node's inline figures: the common
    /// case (the node fits) then reads no object but the NodeInfo, and builds nothing.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private static bool Fits(Resource request, NodeInfo node)
    {
        ref readonly var f = ref node.Figures;
        if (f.PodCount + 1 > f.AllowedPodNumber) return false;
        if (request.MilliCpu > 0 && request.MilliCpu > f.AllocatableMilliCpu - f.RequestedMilliCpu) return false;
        if (request.Memory > 0 && request.Memory > f.AllocatableMemory - f.RequestedMemory) return false;
        if (request.EphemeralStorage > 0 && request.EphemeralStorage > f.AllocatableEphemeralStorage - f.RequestedEphemeralStorage) return false;
        // Extended resources: the full check decides.
        return request.Scalar is not { Count: > 0 };
    }

    /// <summary>Upstream fitsRequest: the reasons in its order (pods, cpu, memory, ephemeral-storage, scalars).</summary>
    public IReadOnlyList<string> InsufficientResources(Resource request, NodeInfo node)
    {
        // Built only for nodes that do not fit: most do, and this runs for every node of every cycle.
        List<string>? reasons = null;
        void Add(string reason) => (reasons ??= new List<string>(2)).Add(reason);
        if (node.Pods.Count + 1 > node.Allocatable.AllowedPodNumber) Add("Too many pods");
        if (request.IsZero) return reasons ?? [];
        var (alloc, used) = (node.Allocatable, node.Requested);
        if (request.MilliCpu > 0 && request.MilliCpu > alloc.MilliCpu - used.MilliCpu) Add("Insufficient cpu");
        if (request.Memory > 0 && request.Memory > alloc.Memory - used.Memory) Add("Insufficient memory");
        if (request.EphemeralStorage > 0 && request.EphemeralStorage > alloc.EphemeralStorage - used.EphemeralStorage) Add("Insufficient ephemeral-storage");
        foreach (var (name, quantity) in request.Scalar ?? [])
        {
            if (quantity == 0 || IsIgnored(name)) continue;
            if (quantity > alloc.Get(name) - used.Get(name)) Add($"Insufficient {name}");
        }
        return reasons ?? [];
    }

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        state.Write(s_scoreKey, new ScoreState(_scorer.PodRequests(state.PodInfoFor(pod))));
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Score(CycleState state, V1Pod pod, NodeInfo nodeInfo, out long score)
    {
        var requests = state.TryRead(s_scoreKey)?.Requests ?? _scorer.PodRequests(new PodInfo(pod));
        score = _scorer.Score(nodeInfo, requests);
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Pod, ActionType.Delete | ActionType.UpdatePodScaleDown), new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeAllocatable)];

    private bool IsIgnored(string name)
    {
        if (!ResourceNames.IsExtended(name)) return false;
        return _ignored.Contains(name) || (_ignoredGroups.Count > 0 && _ignoredGroups.Contains(name.Split('/')[0]));
    }

    private sealed record PodRequestState(Resource Request) : IStateData;

    private sealed record ScoreState(long[] Requests) : IStateData;
}
