using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.NodeResources;

/// <summary>Prefers nodes whose cpu and memory usage fractions stay close to each other after placing the pod.</summary>
internal sealed class BalancedAllocationPlugin(NodeResourcesBalancedAllocationArgs args) : IPreScorePlugin, IScorePlugin, ISignPlugin
{
    private static readonly StateKey<ScoreState> s_key = new("PreScore" + PluginNames.NodeResourcesBalancedAllocation);

    private readonly ResourceAllocationScorer _scorer =
        new(args.Resources is { Count: > 0 } r ? r : ResourceSpec.DefaultResources(), useRequested: true, ResourceScorers.Balanced);

    public string Name => PluginNames.NodeResourcesBalancedAllocation;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.Resources, Signers.Resources(pod));
        return true;
    }

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var requests = _scorer.PodRequests(state.PodInfoFor(pod));
        // Best-effort pods would otherwise all favour the same balanced node (upstream issue 129138).
        if (requests.All(r => r == 0)) return Status.SkipStatus;
        state.Write(s_key, new ScoreState(requests));
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Score(CycleState state, V1Pod pod, NodeInfo nodeInfo, out long score)
    {
        var requests = state.TryRead(s_key)?.Requests ?? _scorer.PodRequests(new PodInfo(pod));
        score = _scorer.Score(nodeInfo, requests);
        return Status.Success;
    }

    private sealed record ScoreState(long[] Requests) : IStateData;
}
