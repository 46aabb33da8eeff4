using System.Collections.Concurrent;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Scheduler.Batching;
using Wharf.Scheduler.Cache;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Queue;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Scheduling;

/// <summary>
/// The scheduler: consumes the cluster feed into cache and queue, then repeats pop → scheduling cycle → assume →
/// asynchronous binding cycle. The next pod is scheduled while earlier binds are still in flight; a failed bind
/// forgets the assumed pod and requeues it.
/// </summary>
public sealed class SchedulingLoop
{
    public const string ReasonUnschedulable = "Unschedulable";
    public const string ReasonSchedulerError = "SchedulerError";

    private readonly ISchedulerCluster _cluster;
    private readonly SchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly FrameworkServices _services;
    private readonly ClusterEventRouter _router;
    private readonly SchedulingAlgorithm _algorithm;
    private readonly Dictionary<string, SchedulingFramework> _profiles;
    private readonly Dictionary<string, OpportunisticBatch> _batches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _bindings = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _bindSlots;
    private readonly OrderedBackgroundWrites _statusWrites = new();

    public SchedulingLoop(ISchedulerCluster cluster, SchedulerOptions? options = null, ILogger<SchedulingLoop>? logger = null)
    {
        _cluster = cluster;
        _options = options ?? new SchedulerOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Metrics = _options.Metrics ?? new SchedulerMetrics();
        _bindSlots = new SemaphoreSlim(Math.Max(1, _options.MaxBindsInFlight));
        var config = Config.SchedulerConfigLoader.WithDefaults(_options.Configuration);
        Config.SchedulerConfigLoader.Validate(config);
        Cache = new SchedulerCache(_options.Time, _options.AssumedPodTtl);
        var objects = new ClusterObjects();
        var queueHandle = new DeferredQueue();
        _services = new FrameworkServices(cluster, objects, queueHandle, _options.Time, config.Parallelism)
        {
            Activator = queueHandle,
            IsPodCached = Cache.Contains,
        };
        _profiles = config.Profiles.ToDictionary(p => p.SchedulerName, p => SchedulingFramework.Create(p, _options.Registry, _services), StringComparer.Ordinal);
        if (_options.OpportunisticBatching)
            foreach (var fw in _profiles.Values)
                _batches[fw.ProfileName] = new OpportunisticBatch(fw, Metrics.Batch, _options.Time);
        var first = _profiles.Values.First();
        var events = new Dictionary<string, IReadOnlyList<ClusterEvent>>(StringComparer.Ordinal);
        foreach (var fw in _profiles.Values)
            foreach (var (plugin, registered) in fw.EventsToRegister())
                events[plugin] = [.. (events.GetValueOrDefault(plugin) ?? []).Concat(registered).Distinct()];
        Queue = new SchedulingQueue(first.QueueSortLess, pod => ProfileFor(pod)?.RunPreEnqueuePlugins(pod), events, _options.Time,
            new QueueOptions { PodInitialBackoff = TimeSpan.FromSeconds(config.PodInitialBackoffSeconds), PodMaxBackoff = TimeSpan.FromSeconds(config.PodMaxBackoffSeconds) });
        queueHandle.Target = Queue;
        _router = new ClusterEventRouter(Cache, Queue, objects, _profiles.Keys.ToHashSet(StringComparer.Ordinal));
        _algorithm = new SchedulingAlgorithm(config.PercentageOfNodesToScore, _options.Random);
    }

    public SchedulerCache Cache { get; }
    public SchedulingQueue Queue { get; }
    public SchedulerMetrics Metrics { get; }
    public IReadOnlyDictionary<string, SchedulingFramework> Profiles => _profiles;

    /// <summary>Completes when the feed has delivered its initial list.</summary>
    public Task Synced => _router.Synced;

    /// <summary>Feeds one change directly (hosts that push informer events instead of using <see cref="ISchedulerCluster.WatchAsync"/>).</summary>
    public void Apply(ClusterChange change) => _router.Apply(change);

    /// <summary>Watches the cluster, waits for sync, then schedules until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var watch = Task.Run(() => ConsumeFeedAsync(ct), ct);
        var flushers = Queue.RunFlushersAsync(ct);
        try
        {
            await _router.Synced.WaitAsync(ct).ConfigureAwait(false);
            while (await ScheduleNextAsync(ct).ConfigureAwait(false)) { }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            Queue.Close();
            await WaitForBindingsAsync().ConfigureAwait(false);
            await Task.WhenAll(watch.ContinueWith(_ => { }, TaskScheduler.Default), flushers).ConfigureAwait(false);
        }
    }

    /// <summary>Pops and schedules one pod; false when the queue is closed.</summary>
    public async Task<bool> ScheduleNextAsync(CancellationToken ct)
    {
        var qpi = await Queue.PopAsync(ct).ConfigureAwait(false);
        if (qpi is null) return false;
        await ScheduleOneAsync(qpi, Queue.SchedulingCycle, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Waits until every binding cycle and pod status write started so far has finished.</summary>
    public async Task WaitForBindingsAsync()
    {
        while (!_bindings.IsEmpty) await Task.WhenAll(_bindings.Values).ConfigureAwait(false);
        await _statusWrites.WaitAllAsync().ConfigureAwait(false);
    }

    private async Task ConsumeFeedAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in _cluster.WatchAsync(ct).ConfigureAwait(false)) _router.Apply(change);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                _logger.WatchFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), _options.Time, ct).ConfigureAwait(false);
            }
        }
    }

    private SchedulingFramework? ProfileFor(V1Pod pod) => _profiles.GetValueOrDefault(ClusterEventRouter.SchedulerNameOf(pod));

    private async Task ScheduleOneAsync(QueuedPodInfo qpi, long cycle, CancellationToken ct)
    {
        var pod = qpi.Pod;
        var fw = ProfileFor(pod);
        if (fw is null || pod.IsTerminating() || Cache.Contains(pod))
        {
            Queue.Done(qpi.PodInfo.Uid);
            return;
        }
        var started = _options.Time.GetTimestamp();
        Cache.UpdateSnapshot(_services.Snapshot);
        var state = new CycleState { PodInfo = qpi.PodInfo };
        ScheduleResult result;
        try
        {
            result = _algorithm.Schedule(fw, state, pod, _batches.GetValueOrDefault(fw.ProfileName), cycle);
        }
        catch (FitError fit)
        {
            string? nominated = null;
            if (fw.HasPostFilterPlugins)
            {
                Metrics.RecordPreemptionAttempt();
                var outcome = await fw.RunPostFilterPluginsAsync(state, pod, fit.Diagnosis.NodeToStatus, ct).ConfigureAwait(false);
                fit.Diagnosis.PostFilterMsg = outcome.Status.Message;
                nominated = outcome.NominatedNodeName;
                if (outcome.Victims > 0) Metrics.RecordPreemptionVictims(outcome.Victims);
            }
            qpi.UnschedulablePlugins = fit.Diagnosis.UnschedulablePlugins;
            qpi.PendingPlugins = fit.Diagnosis.PendingPlugins;
            await HandleFailureAsync(fw, qpi, cycle, started, Status.Unschedulable(fit.Message), nominated, ct).ConfigureAwait(false);
            return;
        }
        catch (SchedulingException e)
        {
            qpi.UnschedulablePlugins = [];
            await HandleFailureAsync(fw, qpi, cycle, started, e.Status, null, ct).ConfigureAwait(false);
            return;
        }

        var host = result.SuggestedHost;
        var assumed = PodCopier.WithNodeName(pod, host);
        try
        {
            Cache.AssumePod(qpi.PodInfo.ForPlacedCopy(assumed));
        }
        catch (InvalidOperationException e)
        {
            // The informer placed the pod meanwhile (bound by someone else); nothing to schedule.
            await HandleFailureAsync(fw, qpi, cycle, started, Status.FromError(e), null, ct).ConfigureAwait(false);
            return;
        }
        var s = fw.RunReservePluginsReserve(state, assumed, host);
        if (s.IsSuccess)
        {
            s = fw.RunPermitPlugins(state, assumed, host);
            if (s.IsWait) s = Status.Success;
        }
        if (!s.IsSuccess)
        {
            fw.RunReservePluginsUnreserve(state, assumed, host);
            Cache.ForgetPod(assumed);
            if (s.Plugin is { } rejector && s.IsRejected) qpi.UnschedulablePlugins = [rejector];
            await HandleFailureAsync(fw, qpi, cycle, started, s, null, ct).ConfigureAwait(false);
            return;
        }
        Queue.DeleteNominatedPodIfExists(pod);
        _logger.PodScheduled(pod.Key(), host, result.EvaluatedNodes, result.FeasibleNodes);
        var uid = qpi.PodInfo.Uid;
        var binding = Task.Run(() => BindingCycleAsync(fw, state, qpi, assumed, host, cycle, started, ct), CancellationToken.None);
        _bindings[uid] = binding;
        _ = binding.ContinueWith(_ => _bindings.TryRemove(uid, out var __), TaskScheduler.Default);
    }

    private async Task BindingCycleAsync(SchedulingFramework fw, CycleState state, QueuedPodInfo qpi, V1Pod assumed, string host, long cycle, long started, CancellationToken ct)
    {
        try
        {
            await BindAsync(fw, state, qpi, assumed, host, cycle, started, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the assumed pod dies with the cache.
        }
    }

    private async Task BindAsync(SchedulingFramework fw, CycleState state, QueuedPodInfo qpi, V1Pod assumed, string host, long cycle, long started, CancellationToken ct)
    {
        Status s;
        try
        {
            s = await fw.WaitOnPermitAsync(assumed).ConfigureAwait(false);
            if (s.IsSuccess)
            {
                // Waiting pods (Permit) hold no slot: only the API calls are throttled.
                await _bindSlots.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    s = await fw.RunPreBindPluginsAsync(state, assumed, host, ct).ConfigureAwait(false);
                    if (s.IsSuccess) s = await fw.RunBindPluginsAsync(state, assumed, host, ct).ConfigureAwait(false);
                }
                finally
                {
                    _bindSlots.Release();
                }
            }
            if (s.IsSkip) s = Status.FromError("no bind plugin bound the pod");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            s = Status.FromError(e);
        }
        if (!s.IsSuccess)
        {
            Metrics.RecordBindFailure();
            _logger.BindFailed(assumed.Key(), host, s.Message);
            fw.RunReservePluginsUnreserve(state, assumed, host);
            Cache.ForgetPod(assumed);
            // The forgotten pod freed its place; pods rejected for lack of room may fit now.
            Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
            await HandleFailureAsync(fw, qpi, cycle, started, s, null, ct).ConfigureAwait(false);
            return;
        }
        Cache.FinishBinding(assumed);
        Queue.Done(qpi.PodInfo.Uid);
        Metrics.RecordScheduled(fw.ProfileName, _options.Time.GetElapsedTime(started), _options.Time.GetUtcNow() - qpi.InitialAttemptTimestamp, qpi.Attempts);
        await RecordEventAsync(new SchedulerEvent(assumed, SchedulerEvent.Normal, "Scheduled", "Binding",
            $"Successfully assigned {assumed.Metadata.NamespaceProperty}/{assumed.Metadata.Name} to {host}", fw.ProfileName), ct).ConfigureAwait(false);
        fw.RunPostBindPlugins(state, assumed, host);
    }

    /// <summary>
    /// Requeues the pod (unless it was deleted or bound meanwhile), updates its nomination, records
    /// FailedScheduling and sets PodScheduled=False with reason Unschedulable or SchedulerError.
    /// </summary>
    private async Task HandleFailureAsync(SchedulingFramework fw, QueuedPodInfo qpi, long cycle, long started, Status status, string? nominatedNode, CancellationToken ct)
    {
        var rejected = status.IsRejected;
        var reason = rejected ? ReasonUnschedulable : ReasonSchedulerError;
        if (rejected) { Metrics.RecordUnschedulable(fw.ProfileName, _options.Time.GetElapsedTime(started)); _logger.PodUnschedulable(qpi.Pod.Key(), status.Message); }
        else { Metrics.RecordError(fw.ProfileName, _options.Time.GetElapsedTime(started)); _logger.SchedulingError(qpi.Pod.Key(), status.Message, status.Error); }

        var latest = _router.PendingPod(qpi.PodInfo.Uid);
        if (latest is null)
        {
            Queue.Done(qpi.PodInfo.Uid);
            return;
        }
        if (!ReferenceEquals(latest, qpi.Pod)) qpi.PodInfo = new PodInfo(latest);
        Queue.AddUnschedulableIfNotPresent(qpi, cycle);
        if (nominatedNode == "") Queue.DeleteNominatedPodIfExists(latest);
        else if (nominatedNode is not null) Queue.AddNominatedPod(qpi.PodInfo, nominatedNode);

        var message = status.Message;
        await RecordEventAsync(new SchedulerEvent(latest, SchedulerEvent.Warning, "FailedScheduling", "Scheduling", message, fw.ProfileName), ct).ConfigureAwait(false);
        var existing = latest.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        var nominationChanges = nominatedNode is not null && nominatedNode != (latest.Status?.NominatedNodeName ?? "");
        if (existing is { Status: "False" } && existing.Reason == reason && existing.Message == message && !nominationChanges) return;
        var condition = new V1PodCondition
        {
            Type = "PodScheduled",
            Status = "False",
            Reason = reason,
            Message = message,
            LastTransitionTime = _options.Time.GetUtcNow().UtcDateTime,
        };
        // Off the loop, as upstream's asynchronous API calls: the next pod need not wait for this round trip.
        _statusWrites.Start(latest.Uid(), () => PatchStatusAsync(latest, new PodStatusPatch(condition, nominationChanges ? nominatedNode : null), ct));
    }

    private async Task PatchStatusAsync(V1Pod pod, PodStatusPatch patch, CancellationToken ct)
    {
        try
        {
            await _cluster.PatchPodStatusAsync(pod, patch, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception e)
        {
            _logger.StatusUpdateFailed(pod.Key(), e);
        }
    }

    private async Task RecordEventAsync(SchedulerEvent evt, CancellationToken ct)
    {
        try { await _cluster.RecordEventAsync(evt, ct).ConfigureAwait(false); }
        catch (Exception e) when (e is not OperationCanceledException) { _logger.StatusUpdateFailed(evt.Regarding.Key(), e); }
    }

    /// <summary>Lets the frameworks be built before the queue that nominates and activates pods exists.</summary>
    private sealed class DeferredQueue : IPodNominator, IPodActivator
    {
        public SchedulingQueue? Target { get; set; }

        public void Activate(V1Pod pod) => Target?.Activate(pod);

        public void AddNominatedPod(PodInfo pod, string nodeName) => Target!.AddNominatedPod(pod, nodeName);

        public void DeleteNominatedPodIfExists(V1Pod pod) => Target!.DeleteNominatedPodIfExists(pod);

        public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName) => Target?.NominatedPodsForNode(nodeName) ?? [];

        public bool HasNominatedPods => Target?.HasNominatedPods ?? false;
    }
}
