using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// Spreads matching pods across topology domains. Filter enforces DoNotSchedule constraints (skew = pods in the
/// node's domain + self − global minimum ≤ maxSkew); Score prefers domains with fewer matches for ScheduleAnyway
/// constraints, weighted by log(domains + 2). Pods without constraints get the cluster defaults.
/// </summary>
internal sealed class PodTopologySpreadPlugin : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

    private static readonly StateKey<FilterState> s_filterKey = new("PreFilter" + PluginNames.PodTopologySpread);
    private static readonly StateKey<ScoreState> s_scoreKey = new("PreScore" + PluginNames.PodTopologySpread);

    private readonly IFrameworkHandle _handle;
    private readonly IReadOnlyList<V1TopologySpreadConstraint> _defaults;
    private readonly bool _systemDefaulted;

    public PodTopologySpreadPlugin(IFrameworkHandle handle, PodTopologySpreadArgs args)
    {
        _handle = handle;
        _systemDefaulted = args.DefaultingType != PodTopologySpreadArgs.ListDefaulting;
        _defaults = _systemDefaulted ? SpreadConstraint.SystemDefaults : args.DefaultConstraints;
    }

    public string Name => PluginNames.PodTopologySpread;

    /// <summary>
    /// Spreading counts other pods per domain, so a pod with constraints, its own or the profile's defaults (the
    /// system defaults of the default profile included), is never signable (upstream's rule).
    /// </summary>
    public bool SignPod(V1Pod pod, PodSignatureBuilder signature) =>
        pod.Spec?.TopologySpreadConstraints is not { Count: > 0 } && _defaults.Count == 0;

    /// <summary>With default constraints configured (the default profile's System defaulting) no pod is signed.</summary>
    public bool CanSignPods => _defaults.Count == 0;

    public IPreFilterExtensions? PreFilterExtensions => this;

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        var constraints = Constraints(pod, "DoNotSchedule");
        if (constraints.Count == 0) return Status.SkipStatus;
        var affinity = new RequiredNodeAffinity(pod);
        var s = new FilterState(constraints);
        foreach (var ni in _handle.Snapshot.NodeInfos)
        {
            var node = ni.Node!;
            if (!SpreadConstraint.NodeHasAllKeys(node, constraints)) continue;
            for (var i = 0; i < constraints.Count; i++)
            {
                var c = constraints[i];
                if (!c.IncludesNode(node, affinity, pod)) continue;
                var value = node.Metadata.Labels[c.TopologyKey];
                var count = SpreadConstraint.CountMatching(ni, c.Selector, pod.Metadata.NamespaceProperty);
                s.Counts[i][value] = s.Counts[i].GetValueOrDefault(value) + count;
            }
        }
        for (var i = 0; i < constraints.Count; i++)
            foreach (var (value, num) in s.Counts[i]) s.Paths[i].Update(value, num);
        state.Write(s_filterKey, s);
        return Status.Success;
    }

    public Status AddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) => UpdateWithPod(state, podToSchedule, podToAdd, nodeInfo, 1);

    public Status RemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) => UpdateWithPod(state, podToSchedule, podToRemove, nodeInfo, -1);

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var s = state.TryRead(s_filterKey);
        if (s is null) return Status.Success;
        var labels = nodeInfo.Node!.Metadata?.Labels;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (labels is null || !labels.TryGetValue(c.TopologyKey, out var value)) return Status.Unresolvable(ErrReasonNodeLabelNotMatch);
            var self = c.Selector.Matches(pod.Metadata?.Labels) ? 1 : 0;
            var min = s.Counts[i].Count < c.MinDomains ? 0 : s.Paths[i].Min;
            var skew = s.Counts[i].GetValueOrDefault(value) + self - min;
            if (skew > c.MaxSkew) return Status.Unschedulable(ErrReasonConstraintsNotMatch);
        }
        return Status.Success;
    }

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var all = _handle.Snapshot.NodeInfos;
        if (nodes.Count == 0 || all.Count == 0) return Status.SkipStatus;
        var constraints = Constraints(pod, "ScheduleAnyway");
        if (constraints.Count == 0) return Status.SkipStatus;
        var requireAllTopologies = pod.Spec?.TopologySpreadConstraints is { Count: > 0 } || !_systemDefaulted;
        var s = new ScoreState(constraints);
        var domains = new int[constraints.Count];
        foreach (var ni in nodes)
        {
            var node = ni.Node!;
            if (requireAllTopologies && !SpreadConstraint.NodeHasAllKeys(node, constraints)) { s.IgnoredNodes.Add(ni.Name); continue; }
            for (var i = 0; i < constraints.Count; i++)
            {
                var c = constraints[i];
                if (c.TopologyKey == SpreadConstraint.HostnameKey) continue;
                if (node.Metadata?.Labels is not { } labels || !labels.TryGetValue(c.TopologyKey, out var v)) continue;
                if (s.PairCounts.TryAdd((c.TopologyKey, v), 0)) domains[i]++;
            }
        }
        for (var i = 0; i < constraints.Count; i++)
        {
            var size = constraints[i].TopologyKey == SpreadConstraint.HostnameKey ? nodes.Count - s.IgnoredNodes.Count : domains[i];
            s.Weights[i] = Math.Log(size + 2);
        }
        var affinity = new RequiredNodeAffinity(pod);
        foreach (var ni in all)
        {
            var node = ni.Node!;
            if (requireAllTopologies && !SpreadConstraint.NodeHasAllKeys(node, constraints)) continue;
            foreach (var c in constraints)
            {
                if (!c.IncludesNode(node, affinity, pod)) continue;
                if (node.Metadata?.Labels is not { } labels || !labels.TryGetValue(c.TopologyKey, out var v)) continue;
                if (!s.PairCounts.TryGetValue((c.TopologyKey, v), out var current)) continue;
                s.PairCounts[(c.TopologyKey, v)] = current + SpreadConstraint.CountMatching(ni, c.Selector, pod.Metadata.NamespaceProperty);
            }
        }
        state.Write(s_scoreKey, s);
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Score(CycleState state, V1Pod pod, NodeInfo nodeInfo, out long score)
    {
        score = 0;
        var s = state.TryRead(s_scoreKey);
        if (s is null || s.IgnoredNodes.Contains(nodeInfo.Name)) return Status.Success;
        double total = 0;
        var labels = nodeInfo.Node!.Metadata?.Labels;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (labels is null || !labels.TryGetValue(c.TopologyKey, out var v)) continue;
            long count = c.TopologyKey == SpreadConstraint.HostnameKey
                ? SpreadConstraint.CountMatching(nodeInfo, c.Selector, pod.Metadata.NamespaceProperty)
                : s.PairCounts.GetValueOrDefault((c.TopologyKey, v));
            total += count * s.Weights[i] + (c.MaxSkew - 1);
        }
        score = (long)Math.Round(total, MidpointRounding.AwayFromZero);
        return Status.Success;
    }

    public Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores)
    {
        var s = state.TryRead(s_scoreKey);
        if (s is null) return Status.Success;
        long min = long.MaxValue, max = 0;
        foreach (var ns in scores)
        {
            if (s.IgnoredNodes.Contains(ns.Name)) continue;
            min = Math.Min(min, ns.Score);
            max = Math.Max(max, ns.Score);
        }
        for (var i = 0; i < scores.Length; i++)
        {
            if (s.IgnoredNodes.Contains(scores[i].Name)) { scores[i].Score = 0; continue; }
            scores[i].Score = max == 0 ? NodeScore.MaxNodeScore : NodeScore.MaxNodeScore * (max + min - scores[i].Score) / max;
        }
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.Pod, ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete),
        new(EventResource.Node, ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
    ];

    /// <summary>The pod's constraints with the given whenUnsatisfiable, or the defaults when it declares none at all.</summary>
    private List<SpreadConstraint> Constraints(V1Pod pod, string whenUnsatisfiable)
    {
        var declared = pod.Spec?.TopologySpreadConstraints;
        if (declared is { Count: > 0 })
            return [.. declared.Where(c => c.WhenUnsatisfiable == whenUnsatisfiable).Select(c => SpreadConstraint.Compile(c, pod))];
        var defaults = _defaults.Where(c => c.WhenUnsatisfiable == whenUnsatisfiable).ToList();
        if (defaults.Count == 0) return [];
        var owners = _handle.Objects.OwnerSelectorsFor(pod);
        if (owners.Count == 0) return [];
        // Upstream DefaultSelector merges the owners' requirements: a pod counts only if it matches all of them.
        var selector = LabelSelector.All(owners);
        return [.. defaults.Select(c => SpreadConstraint.Compile(c, pod, selector))];
    }

    private Status UpdateWithPod(CycleState state, V1Pod preemptor, PodInfo changed, NodeInfo nodeInfo, int delta)
    {
        var s = state.TryRead(s_filterKey);
        var node = nodeInfo.Node;
        if (s is null || node is null || changed.Pod.Metadata?.NamespaceProperty != preemptor.Metadata?.NamespaceProperty) return Status.Success;
        if (!SpreadConstraint.NodeHasAllKeys(node, s.Constraints)) return Status.Success;
        var affinity = new RequiredNodeAffinity(preemptor);
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (!c.Selector.Matches(changed.Pod.Metadata?.Labels) || !c.IncludesNode(node, affinity, preemptor)) continue;
            var v = node.Metadata.Labels[c.TopologyKey];
            var n = s.Counts[i].GetValueOrDefault(v) + delta;
            s.Counts[i][v] = n;
            s.Paths[i].Update(v, n);
        }
        return Status.Success;
    }

    private sealed class FilterState : IStateData
    {
        public FilterState(IReadOnlyList<SpreadConstraint> constraints)
        {
            Constraints = constraints;
            Counts = [.. constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
            Paths = [.. constraints.Select(_ => new CriticalPaths())];
        }

        public IReadOnlyList<SpreadConstraint> Constraints { get; }
        public Dictionary<string, int>[] Counts { get; private set; }
        public CriticalPaths[] Paths { get; private set; }

        public IStateData Copy() => new FilterState(Constraints)
        {
            Counts = [.. Counts.Select(c => new Dictionary<string, int>(c, StringComparer.Ordinal))],
            Paths = [.. Paths.Select(p => p.Copy())],
        };
    }

    private sealed class ScoreState(IReadOnlyList<SpreadConstraint> constraints) : IStateData
    {
        public IReadOnlyList<SpreadConstraint> Constraints { get; } = constraints;
        public HashSet<string> IgnoredNodes { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string Key, string Value), long> PairCounts { get; } = [];
        public double[] Weights { get; } = new double[constraints.Count];
    }
}
