using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>
/// Upstream's taint-eviction-controller: deletes pods from nodes with NoExecute taints they do not tolerate, at once
/// or after their tolerationSeconds, with the DisruptionTarget condition (DeletionByTaintManager) set first. Pending
/// evictions are pod keys waiting in the queue; their start times live in memory and are dropped when the taints go,
/// which cancels the eviction.
/// </summary>
public sealed partial class TaintEvictionController : IController
{
    public const string EventReason = "TaintManagerEviction";
    public const string ConditionReason = "DeletionByTaintManager";
    public const string ConditionMessage = "Taint manager: deleting due to NoExecute taint";

    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISharedIndexInformer _nodes;
    private readonly ISharedIndexInformer _pods;
    private readonly WorkQueue<string> _queue;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _scheduled = new(StringComparer.Ordinal);

    public TaintEvictionController(ControllerContext context)
    {
        _client = context.Client;
        _events = context.Events;
        _time = context.Time;
        _logger = context.LoggerFactory.CreateLogger<TaintEvictionController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _nodes = context.Informers.ForResource(Resource.Nodes);
        _pods = context.Informers.ForResource(Resource.Pods);
        PodsByNode.EnsureOn(_pods);
        _pods.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = OnPod,
            OnUpdate = (_, pod) => OnPod(pod),
            OnDelete = pod => _scheduled.TryRemove(CacheKeys.For(pod), out _),
        });
        _nodes.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = node => { if (Taints.NoExecuteOf(node).Count > 0) EnqueuePodsOn(node); },
            OnUpdate = (old, node) => { if (NoExecuteKey(old) != NoExecuteKey(node)) EnqueuePodsOn(node); },
        });
    }

    public string Name => ControllerNames.TaintEviction;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_nodes, _pods], _queue, SyncAsync, workers, _logger, ct);

    /// <summary>Whether an eviction of the pod is counting down (for tests).</summary>
    internal bool IsPending(string podKey) => _scheduled.ContainsKey(podKey);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var pod = _pods.Store.Get(key);
        if (pod is null || ObjectMeta.IsBeingDeleted(pod))
        {
            _scheduled.TryRemove(key, out _);
            return;
        }
        var node = PodsByNode.NodeOf(pod) is { } nodeName ? _nodes.Store.Get(nodeName) : null;
        var taints = node is null ? [] : Taints.NoExecuteOf(node);
        var now = _time.GetUtcNow();
        var decision = EvictionDecision.For(pod, taints, _scheduled.TryGetValue(key, out var since) ? since : null, now);
        switch (decision.Action)
        {
            case EvictionAction.Cancel:
                if (_scheduled.TryRemove(key, out _))
                    _events.Event(OwnerReferences.EventTarget(pod, Resource.Pods), EventTypes.Normal, EventReason, $"Cancelling deletion of Pod {key}");
                return;
            case EvictionAction.EvictAt:
                _scheduled.TryAdd(key, now);
                _queue.AddAfter(key, decision.At!.Value - now);
                return;
            default:
                _events.Event(OwnerReferences.EventTarget(pod, Resource.Pods), EventTypes.Normal, EventReason, $"Marking for deletion Pod {key}");
                LogEvicting(_logger, key, PodsByNode.NodeOf(pod) ?? "");
                await PodDisruption.PatchAndDeleteAsync(_client, pod, PodDisruption.StatusPatch(pod, ConditionReason, ConditionMessage, null, now), null, ct);
                _scheduled.TryRemove(key, out _);
                return;
        }
    }

    private void OnPod(JsonObject pod)
    {
        if (PodsByNode.NodeOf(pod) is not null) _queue.Add(CacheKeys.For(pod));
    }

    private void EnqueuePodsOn(JsonObject node)
    {
        foreach (var pod in PodsByNode.On(_pods, ObjectMeta.Name(node)!)) _queue.Add(CacheKeys.For(pod));
    }

    private static string NoExecuteKey(JsonObject node) =>
        string.Join(",", Taints.NoExecuteOf(node).Select(t => $"{t["key"].Str()}={t["value"].Str()}").Order(StringComparer.Ordinal));

    [LoggerMessage(EventId = 11101, Level = LogLevel.Information, Message = "Evicting pod {Pod} from node {Node}: NoExecute taint not tolerated (any more)")]
    private static partial void LogEvicting(ILogger logger, string pod, string node);
}
