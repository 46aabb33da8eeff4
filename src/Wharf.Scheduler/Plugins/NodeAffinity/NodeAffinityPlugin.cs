using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.NodeAffinity;

/// <summary>spec.nodeSelector, required and preferred node affinity, plus the profile's addedAffinity.</summary>
internal sealed class NodeAffinityPlugin : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
    public const string ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";

    private static readonly StateKey<PreFilterState> s_filterKey = new("PreFilter" + PluginNames.NodeAffinity);
    private static readonly StateKey<PreScoreState> s_scoreKey = new("PreScore" + PluginNames.NodeAffinity);

    private readonly NodeSelectorMatcher? _addedRequired;
    private readonly IReadOnlyList<V1PreferredSchedulingTerm> _addedPreferred;

    public NodeAffinityPlugin(NodeAffinityArgs args)
    {
        var required = args.AddedAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        _addedRequired = required is null ? null : NodeSelectorMatcher.Compile(required);
        _addedPreferred = [.. args.AddedAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []];
    }

    public string Name => PluginNames.NodeAffinity;

    /// <summary>Feasibility and scores depend on the pod's node affinity and node selector.</summary>
    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.NodeAffinity, Signers.NodeAffinity(pod));
        signature.Add(SignerNames.NodeSelector, Signers.NodeSelector(pod));
        return true;
    }

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        var affinity = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (_addedRequired is null && affinity is null && pod.Spec?.NodeSelector is not { Count: > 0 }) return Status.SkipStatus;
        state.Write(s_filterKey, new PreFilterState(new RequiredNodeAffinity(pod)));
        result = NodeNamesFromMatchFields(affinity);
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var node = nodeInfo.Node!;
        if (_addedRequired is not null && !_addedRequired.Matches(node)) return Status.Unresolvable(ErrReasonEnforced);
        var required = state.TryRead(s_filterKey)?.Required ?? new RequiredNodeAffinity(pod);
        return required.Matches(node) ? Status.Success : Status.Unresolvable(ErrReasonPod);
    }

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var preferred = pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? [];
        if (preferred.Count == 0 && _addedPreferred.Count == 0) return Status.SkipStatus;
        state.Write(s_scoreKey, new PreScoreState([.. preferred.Concat(_addedPreferred).Where(t => t.Weight != 0)]));
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Score(CycleState state, V1Pod pod, NodeInfo nodeInfo, out long score)
    {
        score = 0;
        foreach (var term in state.TryRead(s_scoreKey)?.Preferred ?? [])
            if (NodeSelectorMatcher.TermMatches(term.Preference, nodeInfo.Node!)) score += term.Weight;
        return Status.Success;
    }

    public Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores)
    {
        NodeScore.DefaultNormalize(NodeScore.MaxNodeScore, reverse: false, scores);
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() => [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel)];

    /// <summary>When every term pins metadata.name with In, only those nodes can match (upstream's PreFilter shortcut).</summary>
    private static PreFilterResult? NodeNamesFromMatchFields(V1NodeSelector? required)
    {
        if (required?.NodeSelectorTerms is not { Count: > 0 } terms) return null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            var pinned = term.MatchFields?.FirstOrDefault(f => f.Key == "metadata.name" && f.OperatorProperty == "In" && f.Values?.Count > 0);
            if (pinned is null) return null;
            names.UnionWith(pinned.Values);
        }
        return new PreFilterResult(names);
    }

    private sealed record PreFilterState(RequiredNodeAffinity Required) : IStateData;

    private sealed record PreScoreState(IReadOnlyList<V1PreferredSchedulingTerm> Preferred) : IStateData;
}
