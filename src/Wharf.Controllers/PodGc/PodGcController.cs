using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.NodeLifecycle;

namespace Wharf.Controllers.PodGc;

/// <summary>
/// Upstream's pod-garbage-collector, one pass every check period: deletes (with grace 0) terminated pods beyond the
/// threshold, oldest first; pods bound to nodes that no longer exist, once the node has been missing for the
/// quarantine time and a fresh read confirms it (phase Failed and DisruptionTarget DeletionByPodGC first);
/// terminating pods that never got a node; and terminating pods on not-ready nodes tainted out-of-service.
/// </summary>
public sealed partial class PodGcController : IController
{
    public const int DefaultThreshold = 12500;
    public const string ConditionReason = "DeletionByPodGC";
    public const string OrphanMessage = "PodGC: node no longer exists";
    private const string PassKey = "pass";

    private readonly IApiClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISharedIndexInformer _pods;
    private readonly ISharedIndexInformer _nodes;
    private readonly WorkQueue<string> _queue;
    private readonly int _threshold;
    private readonly TimeSpan _period;
    private readonly TimeSpan _quarantine;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _missingSince = new(StringComparer.Ordinal);

    /// <param name="threshold">--terminated-pod-gc-threshold; 0 or less keeps every finished pod.</param>
    /// <param name="period">How often a pass runs (upstream's gcCheckPeriod, 20 s).</param>
    /// <param name="quarantine">How long a node must be missing before its pods count as orphans (upstream's 40 s).</param>
    public PodGcController(ControllerContext context, int threshold = DefaultThreshold, TimeSpan? period = null, TimeSpan? quarantine = null)
    {
        _client = context.Client;
        _time = context.Time;
        _logger = context.LoggerFactory.CreateLogger<PodGcController>();
        _threshold = threshold;
        _period = period ?? TimeSpan.FromSeconds(20);
        _quarantine = quarantine ?? TimeSpan.FromSeconds(40);
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _pods = context.Informers.ForResource(Resource.Pods);
        _nodes = context.Informers.ForResource(Resource.Nodes);
        PodsByNode.EnsureOn(_pods);
        _queue.Add(PassKey);
    }

    public string Name => ControllerNames.PodGarbageCollector;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_pods, _nodes], _queue, SyncAsync, 1, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        _queue.AddAfter(PassKey, _period);
        var pods = _pods.Store.List();
        await GcTerminatingOutOfServiceAsync(pods, ct);
        await GcTerminatedAsync(pods, ct);
        await GcOrphanedAsync(pods, ct);
        await GcUnscheduledTerminatingAsync(pods, ct);
    }

    private async Task GcTerminatedAsync(IReadOnlyList<JsonObject> pods, CancellationToken ct)
    {
        var victims = TerminatedPods.OverThreshold(pods, _threshold);
        if (victims.Count == 0) return;
        LogTerminated(_logger, victims.Count, _threshold);
        foreach (var pod in victims) await DeleteAsync(pod, reason: null, message: null, ct);
    }

    private async Task GcOrphanedAsync(IReadOnlyList<JsonObject> pods, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var missing = pods.Select(PodsByNode.NodeOf).OfType<string>().Distinct()
            .Where(n => _nodes.Store.Get(n) is null).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _missingSince.Keys.Where(n => !missing.Contains(n))) _missingSince.TryRemove(gone, out _);
        foreach (var node in missing)
        {
            var since = _missingSince.GetOrAdd(node, now);
            if (now - since < _quarantine) continue;
            if (await NodeExistsAsync(node, ct))
            {
                _missingSince.TryRemove(node, out _);
                continue;
            }
            foreach (var pod in PodsByNode.On(_pods, node))
            {
                LogOrphan(_logger, CacheKeys.For(pod), node);
                await DeleteAsync(pod, ConditionReason, OrphanMessage, ct);
            }
        }
    }

    private async Task GcUnscheduledTerminatingAsync(IReadOnlyList<JsonObject> pods, CancellationToken ct)
    {
        foreach (var pod in pods.Where(p => ObjectMeta.IsBeingDeleted(p) && PodsByNode.NodeOf(p) is null))
            await DeleteAsync(pod, reason: null, message: null, ct);
    }

    /// <summary>Terminating pods whose node is not Ready and marked node.kubernetes.io/out-of-service: no kubelet will finish them.</summary>
    private async Task GcTerminatingOutOfServiceAsync(IReadOnlyList<JsonObject> pods, CancellationToken ct)
    {
        foreach (var pod in pods.Where(p => ObjectMeta.IsBeingDeleted(p) && !TerminatedPods.IsTerminated(p)))
        {
            if (PodsByNode.NodeOf(pod) is not { } nodeName || _nodes.Store.Get(nodeName) is not { } node) continue;
            if (NodeConditions.IsReady(node) || !Taints.Of(node).Any(t => t["key"].Str() == Taints.OutOfService)) continue;
            await DeleteAsync(pod, reason: null, message: null, ct);
        }
    }

    /// <summary>Upstream's markFailedAndDeletePodWithCondition: a pod that is not finished is marked Failed (and why) before the forced delete.</summary>
    private Task<bool> DeleteAsync(JsonObject pod, string? reason, string? message, CancellationToken ct)
    {
        var patch = TerminatedPods.IsTerminated(pod) ? null : PodDisruption.StatusPatch(pod, reason, message, "Failed", _time.GetUtcNow());
        return PodDisruption.PatchAndDeleteAsync(_client, pod, patch, 0, ct);
    }

    private async Task<bool> NodeExistsAsync(string node, CancellationToken ct)
    {
        try
        {
            await _client.GetAsync(Resource.Nodes, null, node, ct);
            return true;
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 11201, Level = LogLevel.Information, Message = "Deleting {Count} terminated pods over the threshold of {Threshold}")]
    private static partial void LogTerminated(ILogger logger, int count, int threshold);

    [LoggerMessage(EventId = 11202, Level = LogLevel.Information, Message = "Deleting orphaned pod {Pod}: node {Node} no longer exists")]
    private static partial void LogOrphan(ILogger logger, string pod, string node);
}
