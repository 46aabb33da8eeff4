using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// Required and preferred pod affinity/anti-affinity of the incoming pod, plus symmetry: existing pods' required
/// anti-affinity keeps the pod away, their affinity and preferences pull or push it.
/// </summary>
internal sealed class InterPodAffinityPlugin(IFrameworkHandle handle, InterPodAffinityArgs args)
    : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
    public const string ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
    public const string ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

    private static readonly StateKey<FilterState> s_filterKey = new("PreFilter" + PluginNames.InterPodAffinity);
    private static readonly StateKey<ScoreState> s_scoreKey = new("PreScore" + PluginNames.InterPodAffinity);

    public string Name => PluginNames.InterPodAffinity;

    /// <summary>
    /// A pod with (anti-)affinity terms of its own depends on where other pods are, so it is not signable; otherwise
    /// only its labels matter (existing pods' terms select them). Upstream leaves the labels out when
    /// ignorePreferredTermsOfExistingPods is set; they are kept here, as existing pods' required terms still score
    /// them through hardPodAffinityWeight and filter them through anti-affinity.
    /// </summary>
    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        var affinity = pod.Spec?.Affinity;
        if (affinity?.PodAffinity is not null || affinity?.PodAntiAffinity is not null) return false;
        signature.Add(SignerNames.Labels, Signers.Labels(pod));
        return true;
    }

    public IPreFilterExtensions? PreFilterExtensions => this;

    private Func<string, IDictionary<string, string>?>? _nsLabels;

    /// <summary>One delegate for the plugin's life: a method group converted at each use would allocate one per call.</summary>
    private Func<string, IDictionary<string, string>?> NsLabels => _nsLabels ??= handle.Objects.NamespaceLabels;

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        var s = new FilterState(state.PodInfoFor(pod));
        var snapshot = handle.Snapshot;
        foreach (var group in snapshot.ExistingTerms.RequiredAntiAffinity)
            if (group.Term.MatchesPodToSchedule(pod, NsLabels))
                s.ExistingAnti.AddDomains(group.Term.TopologyKey, group.PodsByDomain);
        var info = s.Pod;
        if (info.RequiredAffinityTerms.Count > 0 || info.RequiredAntiAffinityTerms.Count > 0)
        {
            foreach (var ni in snapshot.NodeInfos)
                foreach (var existing in ni.Pods)
                {
                    s.Affinity.UpdateWithAffinityTerms(info.RequiredAffinityTerms, existing.Pod, ni.Node!, 1, NsLabels);
                    s.Anti.UpdateWithAntiAffinityTerms(info.RequiredAntiAffinityTerms, existing.Pod, ni.Node!, 1, NsLabels);
                }
        }
        if (s.ExistingAnti.Count == 0 && info.RequiredAffinityTerms.Count == 0 && info.RequiredAntiAffinityTerms.Count == 0) return Status.SkipStatus;
        state.Write(s_filterKey, s);
        return Status.Success;
    }

    public Status AddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) => Update(state, podToAdd, nodeInfo, 1);

    public Status RemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) => Update(state, podToRemove, nodeInfo, -1);

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var s = state.TryRead(s_filterKey);
        if (s is null) return Status.Success;
        var labels = nodeInfo.Node!.Metadata?.Labels;
        if (!SatisfiesAffinity(s, labels)) return Status.Unresolvable(ErrReasonAffinityRulesNotMatch);
        foreach (var t in s.Pod.RequiredAntiAffinityTerms)
            if (labels is not null && labels.TryGetValue(t.TopologyKey, out var v) && s.Anti.GetValueOrDefault((t.TopologyKey, v)) > 0)
                return Status.Unschedulable(ErrReasonAntiAffinityRulesNotMatch);
        if (s.ExistingAnti.Count > 0 && labels is not null)
            foreach (var (k, v) in labels)
                if (s.ExistingAnti.GetValueOrDefault((k, v)) > 0) return Status.Unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
        return Status.Success;
    }

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        if (nodes.Count == 0) return Status.SkipStatus;
        var info = state.PodInfoFor(pod);
        var hasConstraints = info.PreferredAffinityTerms.Count + info.PreferredAntiAffinityTerms.Count > 0;
        if (args.IgnorePreferredTermsOfExistingPods && !hasConstraints) return Status.SkipStatus;
        var scores = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        if (hasConstraints) ProcessAllExistingPods(info, scores);
        else AddExistingPodsTerms(info.Pod, scores);
        if (scores.Count == 0) return Status.SkipStatus;
        state.Write(s_scoreKey, new ScoreState(scores));
        return Status.Success;
    }

    /// <summary>
    /// The incoming pod's own preferred terms have to be tested against every existing pod, and each existing pod's
    /// terms against the incoming one on the way.
    /// </summary>
    private void ProcessAllExistingPods(PodInfo info, Dictionary<string, Dictionary<string, long>> scores)
    {
        var source = handle.Snapshot.NodeInfos;
        for (var i = 0; i < source.Count; i++)
        {
            var ni = source[i];
            if (ni.Node!.Metadata?.Labels is not { Count: > 0 } labels) continue;
            var existingPods = ni.Pods;
            for (var j = 0; j < existingPods.Count; j++)
                ProcessExistingPod(info, existingPods[j], labels, scores);
        }
    }

    /// <summary>
    /// Only the existing pods' terms score a pod without preferred terms of its own: each distinct term is asked once
    /// whether it selects the pod, and a term that does adds its weight for each pod carrying it, domain by domain
    /// (the sums the walk over every existing pod in <see cref="ProcessExistingPod"/> would make).
    /// </summary>
    private void AddExistingPodsTerms(V1Pod incoming, Dictionary<string, Dictionary<string, long>> scores)
    {
        foreach (var group in handle.Snapshot.ExistingTerms.Scoring)
        {
            long? weight = group.Kind switch
            {
                ExistingTermKind.RequiredAffinity when args.HardPodAffinityWeight > 0 => args.HardPodAffinityWeight,
                ExistingTermKind.PreferredAffinity when !args.IgnorePreferredTermsOfExistingPods => group.Weight,
                ExistingTermKind.PreferredAntiAffinity when !args.IgnorePreferredTermsOfExistingPods => -group.Weight,
                _ => null,
            };
            if (weight is null || group.PodsByDomain.Count == 0 || !group.Term.MatchesPodToSchedule(incoming, NsLabels)) continue;
            var key = group.Term.TopologyKey;
            if (!scores.TryGetValue(key, out var values)) scores[key] = values = new(StringComparer.Ordinal);
            foreach (var (domain, pods) in group.PodsByDomain) values[domain] = values.GetValueOrDefault(domain) + weight.Value * pods;
        }
    }

    [MethodImpl(HotPath.Options)]
    public Status Score(CycleState state, V1Pod pod, NodeInfo nodeInfo, out long score)
    {
        score = 0;
        var s = state.TryRead(s_scoreKey);
        var labels = nodeInfo.Node!.Metadata?.Labels;
        if (s is null || labels is null) return Status.Success;
        foreach (var (key, values) in s.TopologyScore)
            if (labels.TryGetValue(key, out var v)) score += values.GetValueOrDefault(v);
        return Status.Success;
    }

    public Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores)
    {
        if (state.TryRead(s_scoreKey) is null || scores.Length == 0) return Status.Success;
        long min = long.MaxValue, max = long.MinValue;
        foreach (var s in scores) { min = Math.Min(min, s.Score); max = Math.Max(max, s.Score); }
        var diff = max - min;
        for (var i = 0; i < scores.Length; i++)
            scores[i].Score = diff > 0 ? (long)(NodeScore.MaxNodeScore * ((double)(scores[i].Score - min) / diff)) : 0;
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.Pod, ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete),
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel),
    ];

    /// <summary>
    /// Every term's topology key must exist on the node and have a matching pod in its domain — unless no pod
    /// anywhere matches and the pod matches its own terms (the first pod of a self-affine group).
    /// </summary>
    private bool SatisfiesAffinity(FilterState s, IDictionary<string, string>? labels)
    {
        var podsExist = true;
        foreach (var t in s.Pod.RequiredAffinityTerms)
        {
            if (labels is null || !labels.TryGetValue(t.TopologyKey, out var v)) return false;
            if (s.Affinity.GetValueOrDefault((t.TopologyKey, v)) <= 0) podsExist = false;
        }
        if (podsExist) return true;
        return s.Affinity.Count == 0 && s.Pod.RequiredAffinityTerms.All(t => t.Matches(s.Pod.Pod, NsLabels));
    }

    private void ProcessExistingPod(PodInfo incoming, PodInfo existing, IDictionary<string, string> nodeLabels, Dictionary<string, Dictionary<string, long>> scores)
    {
        AddIncomingTerms(incoming.PreferredAffinityTerms, existing.Pod, 1, nodeLabels, scores);
        AddIncomingTerms(incoming.PreferredAntiAffinityTerms, existing.Pod, -1, nodeLabels, scores);
        if (args.HardPodAffinityWeight > 0)
        {
            var required = existing.RequiredAffinityTerms;
            for (var i = 0; i < required.Count; i++)
                if (required[i].MatchesPodToSchedule(incoming.Pod, NsLabels)) Add(required[i], args.HardPodAffinityWeight, nodeLabels, scores);
        }
        if (args.IgnorePreferredTermsOfExistingPods) return;
        AddExistingTerms(existing.PreferredAffinityTerms, incoming.Pod, 1, nodeLabels, scores);
        AddExistingTerms(existing.PreferredAntiAffinityTerms, incoming.Pod, -1, nodeLabels, scores);
    }

    /// <summary>The incoming pod's preferred terms, tested against one existing pod.</summary>
    private void AddIncomingTerms(IReadOnlyList<WeightedAffinityTerm> terms, V1Pod existing, long sign, IDictionary<string, string> nodeLabels, Dictionary<string, Dictionary<string, long>> scores)
    {
        for (var i = 0; i < terms.Count; i++)
            if (terms[i].Term.Matches(existing, NsLabels)) Add(terms[i].Term, terms[i].Weight * sign, nodeLabels, scores);
    }

    /// <summary>An existing pod's preferred terms, tested against the incoming pod (the same question for every pod sharing a term).</summary>
    private void AddExistingTerms(IReadOnlyList<WeightedAffinityTerm> terms, V1Pod incoming, long sign, IDictionary<string, string> nodeLabels, Dictionary<string, Dictionary<string, long>> scores)
    {
        for (var i = 0; i < terms.Count; i++)
            if (terms[i].Term.MatchesPodToSchedule(incoming, NsLabels)) Add(terms[i].Term, terms[i].Weight * sign, nodeLabels, scores);
    }

    private static void Add(AffinityTerm term, long weight, IDictionary<string, string> nodeLabels, Dictionary<string, Dictionary<string, long>> scores)
    {
        if (!nodeLabels.TryGetValue(term.TopologyKey, out var v)) return;
        if (!scores.TryGetValue(term.TopologyKey, out var values)) scores[term.TopologyKey] = values = new(StringComparer.Ordinal);
        values[v] = values.GetValueOrDefault(v) + weight;
    }

    private Status Update(CycleState state, PodInfo changed, NodeInfo nodeInfo, long delta)
    {
        var s = state.TryRead(s_filterKey);
        if (s is null || nodeInfo.Node is not { } node) return Status.Success;
        s.ExistingAnti.UpdateWithExistingAntiAffinityTerms(changed.RequiredAntiAffinityTerms, s.Pod.Pod, node, delta, NsLabels);
        s.Affinity.UpdateWithAffinityTerms(s.Pod.RequiredAffinityTerms, changed.Pod, node, delta, NsLabels);
        s.Anti.UpdateWithAntiAffinityTerms(s.Pod.RequiredAntiAffinityTerms, changed.Pod, node, delta, NsLabels);
        return Status.Success;
    }

    private sealed class FilterState(PodInfo pod) : IStateData
    {
        public PodInfo Pod { get; } = pod;
        public TopologyCounts ExistingAnti { get; private init; } = new();
        public TopologyCounts Affinity { get; private init; } = new();
        public TopologyCounts Anti { get; private init; } = new();

        public IStateData Copy() => new FilterState(Pod) { ExistingAnti = ExistingAnti.Copy(), Affinity = Affinity.Copy(), Anti = Anti.Copy() };
    }

    private sealed record ScoreState(Dictionary<string, Dictionary<string, long>> TopologyScore) : IStateData;
}
