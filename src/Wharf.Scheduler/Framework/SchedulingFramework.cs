using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Cache;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Queue;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// One profile: its plugins per extension point and the code that runs them with upstream's rules (first
/// failing Filter wins, PreFilter Skip disables Filter, weighted normalised scores, reverse-order Unreserve).
/// </summary>
public sealed class SchedulingFramework : IFrameworkHandle
{
    private readonly FrameworkServices _services;
    private readonly Dictionary<string, WaitingPod> _waiting = new(StringComparer.Ordinal);
    private IPreEnqueuePlugin[] _preEnqueue = [];
    private IQueueSortPlugin? _queueSort;
    private IPreFilterPlugin[] _preFilter = [];
    private IFilterPlugin[] _filter = [];
    private IPostFilterPlugin[] _postFilter = [];
    private IPreScorePlugin[] _preScore = [];
    private IScorePlugin[] _score = [];
    private long[] _scoreWeights = [];
    private (IScorePlugin Plugin, long Weight, ScoreFunc Score)[]? _activeScoreAll;
    private readonly ScoreBuffers _scoreBuffers = new();
    private IReservePlugin[] _reserve = [];
    private IPermitPlugin[] _permit = [];
    private IPreBindPlugin[] _preBind = [];
    private IBindPlugin[] _bind = [];
    private IPostBindPlugin[] _postBind = [];
    private ISignPlugin[]? _signers;
    /// <summary>A signer refuses every pod as configured (PodTopologySpread with default constraints): no signature is built.</summary>
    private bool _signsNoPod;

    private SchedulingFramework(string profileName, int? percentageOfNodesToScore, FrameworkServices services)
    {
        ProfileName = profileName;
        PercentageOfNodesToScore = percentageOfNodesToScore;
        _services = services;
    }

    public string ProfileName { get; }
    public int? PercentageOfNodesToScore { get; }
    public IReadOnlyDictionary<string, IPlugin> Plugins { get; private set; } = new Dictionary<string, IPlugin>();
    public IReadOnlyDictionary<ExtensionPoint, IReadOnlyList<string>> PluginsByPoint { get; private set; } = new Dictionary<ExtensionPoint, IReadOnlyList<string>>();
    public IReadOnlyDictionary<string, int> ScoreWeights { get; private set; } = new Dictionary<string, int>();

    public Snapshot Snapshot => _services.Snapshot;
    public IClusterObjects Objects => _services.Objects;
    public IPodNominator Nominator => _services.Nominator;
    public IPodActivator Activator => _services.Activator;
    public ISchedulerCluster Cluster => _services.Cluster;
    public TimeProvider Time => _services.Time;
    public int Parallelism => _services.Parallelism;

    public bool IsPodCached(V1Pod pod) => _services.IsPodCached(pod);

    public bool HasPostFilterPlugins => _postFilter.Length > 0;
    public bool HasScorePlugins => _score.Length > 0;

    public static SchedulingFramework Create(SchedulerProfileConfig profile, PluginRegistry registry, FrameworkServices services)
    {
        var fw = new SchedulingFramework(profile.SchedulerName, profile.PercentageOfNodesToScore, services);
        var instances = new Dictionary<string, IPlugin>(StringComparer.Ordinal);
        foreach (var name in ProfilePluginResolver.EnabledNames(profile.Plugins))
        {
            if (!registry.TryGet(name, out var factory)) throw new InvalidSchedulerConfigException([$"plugin \"{name}\" does not exist"]);
            var args = profile.PluginConfig.FirstOrDefault(c => c.Name == name)?.Args;
            instances[name] = factory(new PluginContext(fw, args));
        }
        var resolved = ProfilePluginResolver.Resolve(profile.Plugins, (name, point) => instances.TryGetValue(name, out var p) && Implements(p, point));
        T[] Of<T>(ExtensionPoint point) => [.. resolved.Points[point].Select(n => (T)instances[n])];
        fw._preEnqueue = Of<IPreEnqueuePlugin>(ExtensionPoint.PreEnqueue);
        var sorts = Of<IQueueSortPlugin>(ExtensionPoint.QueueSort);
        if (sorts.Length != 1) throw new InvalidSchedulerConfigException([$"profile {profile.SchedulerName}: one queue sort plugin required, found {sorts.Length}"]);
        fw._queueSort = sorts[0];
        fw._preFilter = Of<IPreFilterPlugin>(ExtensionPoint.PreFilter);
        fw._filter = Of<IFilterPlugin>(ExtensionPoint.Filter);
        fw._postFilter = Of<IPostFilterPlugin>(ExtensionPoint.PostFilter);
        fw._preScore = Of<IPreScorePlugin>(ExtensionPoint.PreScore);
        fw._score = Of<IScorePlugin>(ExtensionPoint.Score);
        fw._scoreWeights = [.. fw._score.Select(s => (long)resolved.ScoreWeights[s.Name])];
        fw._reserve = Of<IReservePlugin>(ExtensionPoint.Reserve);
        fw._permit = Of<IPermitPlugin>(ExtensionPoint.Permit);
        fw._preBind = Of<IPreBindPlugin>(ExtensionPoint.PreBind);
        fw._bind = Of<IBindPlugin>(ExtensionPoint.Bind);
        if (fw._bind.Length == 0) throw new InvalidSchedulerConfigException([$"profile {profile.SchedulerName}: at least one bind plugin is needed"]);
        fw._postBind = Of<IPostBindPlugin>(ExtensionPoint.PostBind);
        fw._signers = SignersOf(fw);
        fw._signsNoPod = fw._signers?.Any(p => !p.CanSignPods) ?? true;
        fw.Plugins = instances;
        fw.PluginsByPoint = resolved.Points;
        fw.ScoreWeights = resolved.ScoreWeights;
        return fw;
    }

    public static bool Implements(IPlugin p, ExtensionPoint point) => point switch
    {
        ExtensionPoint.PreEnqueue => p is IPreEnqueuePlugin,
        ExtensionPoint.QueueSort => p is IQueueSortPlugin,
        ExtensionPoint.PreFilter => p is IPreFilterPlugin,
        ExtensionPoint.Filter => p is IFilterPlugin,
        ExtensionPoint.PostFilter => p is IPostFilterPlugin,
        ExtensionPoint.PreScore => p is IPreScorePlugin,
        ExtensionPoint.Score => p is IScorePlugin,
        ExtensionPoint.Reserve => p is IReservePlugin,
        ExtensionPoint.Permit => p is IPermitPlugin,
        ExtensionPoint.PreBind => p is IPreBindPlugin,
        ExtensionPoint.Bind => p is IBindPlugin,
        ExtensionPoint.PostBind => p is IPostBindPlugin,
        _ => false,
    };

    /// <summary>
    /// Whether this profile signs pods: every PreFilter, Filter, PreScore and Score plugin must implement
    /// <see cref="ISignPlugin"/> (upstream's rule; one unsigned plugin could depend on anything).
    /// </summary>
    public bool SignaturesEnabled => _signers is not null;

    /// <summary>
    /// The pod's scheduling signature: pods with equal signatures get the same feasibility and scores on the same
    /// nodes in the same state. Null when the profile signs no pod or a plugin cannot sign this one.
    /// </summary>
    public string? SignPod(V1Pod pod)
    {
        if (_signers is null || _signsNoPod) return null;
        var signature = new PodSignatureBuilder();
        signature.Add(SignerNames.SchedulerName, pod.Spec?.SchedulerName ?? "");
        foreach (var p in _signers)
            if (!p.SignPod(pod, signature)) return null;
        return signature.Build();
    }

    private static ISignPlugin[]? SignersOf(SchedulingFramework fw)
    {
        var signers = new List<ISignPlugin>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<IPlugin> candidates = [.. fw._preFilter, .. fw._filter, .. fw._preScore, .. fw._score];
        foreach (var p in candidates)
        {
            if (!seen.Add(p.Name)) continue;
            if (p is not ISignPlugin signer) return null;
            signers.Add(signer);
        }
        return [.. signers];
    }

    /// <summary>Events registered by this profile's plugins, keyed by plugin name.</summary>
    public IEnumerable<KeyValuePair<string, IReadOnlyList<ClusterEvent>>> EventsToRegister() =>
        Plugins.Values.OfType<IEnqueueExtensions>().Select(p => KeyValuePair.Create(p.Name, p.EventsToRegister()));

    public bool QueueSortLess(QueuedPodInfo a, QueuedPodInfo b) => _queueSort!.Less(a, b);

    /// <summary>Name of the first PreEnqueue plugin that gates the pod, or null.</summary>
    public string? RunPreEnqueuePlugins(V1Pod pod)
    {
        foreach (var p in _preEnqueue)
            if (!p.PreEnqueue(pod).IsSuccess) return p.Name;
        return null;
    }

    /// <summary>Runs PreFilter; rejecting and node-restricting plugins are added to <paramref name="rejectors"/>.</summary>
    public Status RunPreFilterPlugins(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result, ISet<string> rejectors)
    {
        result = null;
        var restricting = new List<string>();
        foreach (var p in _preFilter)
        {
            Status s;
            PreFilterResult? r;
            try { s = p.PreFilter(state, pod, nodes, out r); }
            catch (Exception e) { return Status.FromError(e).WithPlugin(p.Name); }
            if (s.IsSkip) { state.SkipFilterPlugins.Add(p.Name); continue; }
            if (!s.IsSuccess)
            {
                if (s.IsRejected) rejectors.Add(p.Name);
                return s.WithPlugin(p.Name);
            }
            if (r is { AllNodes: false })
            {
                // Nodes left out by a restricting plugin count as rejected by it (and its events can requeue the pod).
                restricting.Add(p.Name);
                rejectors.Add(p.Name);
            }
            result = PreFilterResult.Merge(result, r);
            if (result is { AllNodes: false, NodeNames.Count: 0 })
            {
                var msg = restricting.Count == 1
                    ? $"node(s) didn't satisfy plugin {restricting[0]}"
                    : $"node(s) didn't satisfy plugin(s) [{string.Join(" ", restricting)}] simultaneously";
                return Status.Unresolvable(msg).WithPlugin(p.Name);
            }
        }
        return Status.Success;
    }

    /// <summary>Runs Filter plugins in order and returns the first non-success (with its plugin).</summary>
    [MethodImpl(HotPath.Options)]
    public Status RunFilterPlugins(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var plan = state.FiltersToRun(_filter);
        var calls = plan.Calls;
        for (var i = 0; i < calls.Length; i++)
        {
            Status s;
            try { s = calls[i](state, pod, nodeInfo); }
            catch (Exception e) { s = Status.FromError(e); }
            if (!s.IsSuccess) return s.WithPlugin(plan.Run[i].Name);
        }
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status RunFilterPluginsWithNominatedPods(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var (added, stateWithNominated, nodeWithNominated) = AddHigherOrEqualNominatedPods(state, pod, nodeInfo);
        var status = RunFilterPlugins(stateWithNominated, pod, nodeWithNominated);
        if (!status.IsSuccess || !added) return status;
        // The pod must also fit without the nominated pods, for affinity terms that only they would satisfy.
        return RunFilterPlugins(state, pod, nodeInfo);
    }

    public Status RunPreFilterExtensionAddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) =>
        RunExtensions(state, podToSchedule, podToAdd, nodeInfo, add: true);

    public Status RunPreFilterExtensionRemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) =>
        RunExtensions(state, podToSchedule, podToRemove, nodeInfo, add: false);

    /// <summary>
    /// First success wins; an Unresolvable or Error status stops the chain; otherwise the rejections are merged and
    /// the last real nomination is kept (upstream RunPostFilterPlugins).
    /// </summary>
    public async ValueTask<PostFilterOutcome> RunPostFilterPluginsAsync(CycleState state, V1Pod pod, NodeToStatus statuses, CancellationToken ct)
    {
        var reasons = new List<string>();
        string? nominated = null;
        string? rejector = null;
        foreach (var p in _postFilter)
        {
            PostFilterOutcome outcome;
            try { outcome = await p.PostFilterAsync(state, pod, statuses, ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { outcome = new PostFilterOutcome(Status.FromError(e)); }
            var s = outcome.Status;
            if (s.IsSuccess) return outcome;
            if (s.Code == StatusCode.UnschedulableAndUnresolvable) return outcome with { Status = s.WithPlugin(p.Name) };
            if (!s.IsRejected) return new PostFilterOutcome(s.WithPlugin(p.Name));
            if (outcome.NominatedNodeName is not null) nominated = outcome.NominatedNodeName;
            reasons.AddRange(s.Reasons);
            rejector ??= p.Name;
        }
        return new PostFilterOutcome(new Status(StatusCode.Unschedulable, reasons, rejector), nominated);
    }

    public Status RunPreScorePlugins(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var p in _preScore)
        {
            Status s;
            try { s = p.PreScore(state, pod, nodes); }
            catch (Exception e) { s = Status.FromError(e); }
            if (s.IsSkip) { state.SkipScorePlugins.Add(p.Name); continue; }
            if (!s.IsSuccess) return s.WithPlugin(p.Name);
        }
        return Status.Success;
    }

    /// <summary>Weighted sum of normalised scores per node, in the order of <paramref name="nodes"/>.</summary>
    public Status RunScorePlugins(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out long[] totals)
    {
        totals = new long[nodes.Count];
        var active = ActiveScorePlugins(state);
        if (active.Length == 0) return Status.Success;
        var perPlugin = _scoreBuffers.Rent(active.Length, nodes.Count);
        try
        {
            return ScoreAndNormalize(state, pod, nodes, active, perPlugin, totals);
        }
        finally
        {
            _scoreBuffers.Return(perPlugin);
        }
    }

    private Status ScoreAndNormalize(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, (IScorePlugin Plugin, long Weight, ScoreFunc Score)[] active, NodeScore[][] perPlugin, long[] totals)
    {
        Status? failure = null;
        Parallelizer.Until(nodes.Count, Parallelism, [MethodImpl(HotPath.Options)] (n) =>
        {
            for (var i = 0; i < active.Length; i++)
            {
                Status s;
                long score;
                try { s = active[i].Score(state, pod, nodes[n], out score); }
                catch (Exception e) { s = Status.FromError(e); score = 0; }
                if (!s.IsSuccess) { Interlocked.CompareExchange(ref failure, s.WithPlugin(active[i].Plugin.Name), null); return false; }
                perPlugin[i][n] = new NodeScore(nodes[n].Name, score);
            }
            return true;
        });
        if (failure is not null) return failure;
        for (var i = 0; i < active.Length; i++)
        {
            var (plugin, weight, _) = active[i];
            var s = plugin.NormalizeScore(state, pod, perPlugin[i]);
            if (!s.IsSuccess) return s.WithPlugin(plugin.Name);
            for (var n = 0; n < nodes.Count; n++)
            {
                var v = perPlugin[i][n].Score;
                if (v is < NodeScore.MinNodeScore or > NodeScore.MaxNodeScore)
                    return Status.FromError($"plugin \"{plugin.Name}\" returns an invalid score {v}, it should in the range of [0, 100] after normalizing").WithPlugin(plugin.Name);
                totals[n] += v * weight;
            }
        }
        return Status.Success;
    }

    /// <summary>The Score plugins not skipped by their PreScore, with their weights and bound Score (the common case: all of them, no copy).</summary>
    private (IScorePlugin Plugin, long Weight, ScoreFunc Score)[] ActiveScorePlugins(CycleState state)
    {
        var all = _activeScoreAll ??= BuildActive(_score, _scoreWeights, null);
        return state.SkipScorePlugins.Count == 0 ? all : BuildActive(_score, _scoreWeights, state.SkipScorePlugins);

        static (IScorePlugin, long, ScoreFunc)[] BuildActive(IScorePlugin[] score, long[] weights, HashSet<string>? skip)
        {
            var list = new List<(IScorePlugin, long, ScoreFunc)>(score.Length);
            for (var i = 0; i < score.Length; i++)
                if (skip is null || !skip.Contains(score[i].Name)) list.Add((score[i], weights[i], score[i].Score));
            return [.. list];
        }
    }

    public Status RunReservePluginsReserve(CycleState state, V1Pod pod, string nodeName)
    {
        foreach (var p in _reserve)
        {
            var s = p.Reserve(state, pod, nodeName);
            if (!s.IsSuccess) return s.WithPlugin(p.Name);
        }
        return Status.Success;
    }

    public void RunReservePluginsUnreserve(CycleState state, V1Pod pod, string nodeName)
    {
        for (var i = _reserve.Length - 1; i >= 0; i--) _reserve[i].Unreserve(state, pod, nodeName);
    }

    /// <summary>Permit: Success, a rejection, or Wait (the pod is then held in <see cref="GetWaitingPod"/>).</summary>
    public Status RunPermitPlugins(CycleState state, V1Pod pod, string nodeName)
    {
        var waiting = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var p in _permit)
        {
            var s = p.Permit(state, pod, nodeName, out var timeout);
            if (s.IsWait) { waiting[p.Name] = timeout; continue; }
            if (!s.IsSuccess) return s.WithPlugin(p.Name);
        }
        if (waiting.Count == 0) return Status.Success;
        var wp = new WaitingPod(pod, waiting.Keys);
        lock (_waiting) _waiting[pod.Uid()] = wp;
        var shortest = waiting.Values.Min();
        _ = Task.Delay(shortest, Time).ContinueWith(_ => wp.Reject(waiting.First(w => w.Value == shortest).Key, "rejected due to timeout after waiting " + shortest), TaskScheduler.Default);
        return Status.Of(StatusCode.Wait);
    }

    public WaitingPod? GetWaitingPod(string uid)
    {
        lock (_waiting) return _waiting.GetValueOrDefault(uid);
    }

    public async Task<Status> WaitOnPermitAsync(V1Pod pod)
    {
        var wp = GetWaitingPod(pod.Uid());
        if (wp is null) return Status.Success;
        try { return await wp.Result.ConfigureAwait(false); }
        finally { lock (_waiting) _waiting.Remove(pod.Uid()); }
    }

    public async Task<Status> RunPreBindPluginsAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken ct)
    {
        foreach (var p in _preBind)
        {
            var s = await p.PreBindAsync(state, pod, nodeName, ct).ConfigureAwait(false);
            if (!s.IsSuccess) return s.WithPlugin(p.Name);
        }
        return Status.Success;
    }

    public async Task<Status> RunBindPluginsAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken ct)
    {
        foreach (var p in _bind)
        {
            var s = await p.BindAsync(state, pod, nodeName, ct).ConfigureAwait(false);
            if (s.IsSkip) continue;
            return s.WithPlugin(p.Name);
        }
        return Status.SkipStatus;
    }

    public void RunPostBindPlugins(CycleState state, V1Pod pod, string nodeName)
    {
        foreach (var p in _postBind) p.PostBind(state, pod, nodeName);
    }

    /// <summary>
    /// AddPod/RemovePod of the PreFilter extensions; no delegate per call, as preemption's dry run makes several per
    /// victim on every candidate node.
    /// </summary>
    private Status RunExtensions(CycleState state, V1Pod podToSchedule, PodInfo pod, NodeInfo nodeInfo, bool add)
    {
        foreach (var p in _preFilter)
        {
            if (p.PreFilterExtensions is not { } ext || state.SkipFilterPlugins.Contains(p.Name)) continue;
            var s = add ? ext.AddPod(state, podToSchedule, pod, nodeInfo) : ext.RemovePod(state, podToSchedule, pod, nodeInfo);
            if (!s.IsSuccess) return s.WithPlugin(p.Name);
        }
        return Status.Success;
    }

    private (bool Added, CycleState State, NodeInfo Node) AddHigherOrEqualNominatedPods(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var nominated = Nominator.NominatedPodsForNode(nodeInfo.Name);
        if (nominated.Count == 0) return (false, state, nodeInfo);
        var uid = pod.Uid();
        var priority = pod.Priority();
        CycleState? stateOut = null;
        NodeInfo? nodeOut = null;
        foreach (var np in nominated)
        {
            if (np.Uid == uid || np.Pod.Priority() < priority) continue;
            stateOut ??= state.Clone();
            nodeOut ??= nodeInfo.Clone();
            nodeOut.AddPod(np);
            RunPreFilterExtensionAddPod(stateOut, pod, np, nodeOut);
        }
        return nodeOut is null ? (false, state, nodeInfo) : (true, stateOut!, nodeOut);
    }
}
