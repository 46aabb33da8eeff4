using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.TaintToleration;

/// <summary>
/// Filter: NoSchedule/NoExecute taints must be tolerated. Score: fewer untolerated PreferNoSchedule taints is
/// better (reverse-normalised).
/// </summary>
internal sealed class TaintTolerationPlugin : IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions, ISignPlugin
{
    private static readonly StateKey<PreScoreState> s_key = new("PreScore" + PluginNames.TaintToleration);
    private static readonly string[] s_filterEffects = [Taints.NoSchedule, Taints.NoExecute];

    public string Name => PluginNames.TaintToleration;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.Tolerations, Signers.Tolerations(pod));
        return true;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        // Untainted nodes (most) are answered from the NodeInfo alone: no node object, no effects array.
        if (nodeInfo.Taints.Count == 0) return Status.Success;
        var taint = Taints.FirstUntolerated(nodeInfo.Taints, pod.Spec?.Tolerations, s_filterEffects);
        return taint is null ? Status.Success : Status.Unresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
    }

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var tolerations = (pod.Spec?.Tolerations ?? []).Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == Taints.PreferNoSchedule).ToList();
        state.Write(s_key, new PreScoreState(tolerations));
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Score(CycleState state, V1Pod pod, NodeInfo nodeInfo, out long score)
    {
        score = 0;
        var taints = nodeInfo.Taints;
        if (taints.Count == 0) return Status.Success;
        var tolerations = state.TryRead(s_key)?.Tolerations ?? [];
        foreach (var taint in taints)
            if (taint.Effect == Taints.PreferNoSchedule && !Taints.IsTolerated(taint, tolerations)) score++;
        return Status.Success;
    }

    public Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores)
    {
        NodeScore.DefaultNormalize(NodeScore.MaxNodeScore, reverse: true, scores);
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint), new(EventResource.Pod, ActionType.UpdatePodTolerations)];

    private sealed record PreScoreState(IReadOnlyList<V1Toleration> Tolerations) : IStateData;
}
