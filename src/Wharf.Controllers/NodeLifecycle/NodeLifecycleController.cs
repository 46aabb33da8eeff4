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
/// Upstream's node-lifecycle-controller: checks each node every monitor period, turns its conditions Unknown when
/// neither its Lease nor its status was renewed within the grace period, keeps the condition taints (NoSchedule) and
/// the not-ready/unreachable NoExecute taint in step with its conditions, and marks the pods of a node that is not
/// Ready as not Ready. New NoExecute taints come at most at the zone's eviction rate (0.1 node/s; in a partially
/// disrupted zone 0.01 if it is large, else none). When every node is down no NoExecute taint is set (upstream's
/// master disruption mode), since the control plane has then more likely lost the nodes.
/// </summary>
public sealed partial class NodeLifecycleController : IController
{
    public const string LeaseNamespace = "kube-node-lease";

    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISharedIndexInformer _nodes;
    private readonly ISharedIndexInformer _leases;
    private readonly ISharedIndexInformer _pods;
    private readonly WorkQueue<string> _queue;
    private readonly NodeHealthTracker _tracker;
    private readonly TimeSpan _monitorPeriod;
    private readonly NodeLifecycleSettings _settings;
    private readonly ZoneTaintLimiter _limiter = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ZoneState> _zoneStates = new(StringComparer.Ordinal);

    public NodeLifecycleController(ControllerContext context, NodeLifecycleSettings? settings = null)
    {
        settings ??= NodeLifecycleSettings.Default;
        _client = context.Client;
        _events = context.Events;
        _time = context.Time;
        _logger = context.LoggerFactory.CreateLogger<NodeLifecycleController>();
        _tracker = new NodeHealthTracker(settings.GracePeriod, settings.StartupGracePeriod);
        _monitorPeriod = settings.MonitorPeriod;
        _settings = settings;
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _nodes = context.Informers.ForResource(Resource.Nodes);
        _leases = context.Informers.ForResource(Resource.Leases, LeaseNamespace);
        _pods = context.Informers.ForResource(Resource.Pods);
        PodsByNode.EnsureOn(_pods);
        _nodes.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = node =>
            {
                NodeEvent(node, "RegisteredNode", $"Registered Node {ObjectMeta.Name(node)} in Controller");
                _queue.Add(ObjectMeta.Name(node)!);
            },
            OnUpdate = (_, node) => _queue.Add(ObjectMeta.Name(node)!),
            OnDelete = node =>
            {
                _tracker.Forget(ObjectMeta.Name(node)!);
                NodeEvent(node, "RemovingNode", $"Removing Node {ObjectMeta.Name(node)} from Controller");
            },
        });
        // A pod that lands on (or is reported Ready on) a node that is not Ready is marked at the node's next pass.
        _pods.AddEventHandler(new ResourceEventHandler { OnAdd = OnPod, OnUpdate = (_, pod) => OnPod(pod) });
    }

    public string Name => ControllerNames.NodeLifecycle;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_nodes, _leases, _pods], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string name, CancellationToken ct)
    {
        var node = _nodes.Store.Get(name);
        if (node is null) return;
        // Health is a poll: every node comes back each monitor period whatever happens below.
        _queue.AddAfter(name, _monitorPeriod);
        var now = _time.GetUtcNow();
        var check = _tracker.Observe(node, _leases.Store.Get(LeaseNamespace, name), now);
        if (check.NewConditions is not null)
        {
            var updated = (JsonObject)node.DeepClone();
            updated.Obj("status")["conditions"] = check.NewConditions;
            node = await _client.UpdateStatusAsync(Resource.Nodes, updated, ct);
            LogStatusUnknown(_logger, name);
        }
        if (check.ObservedReady == "True" && check.CurrentReady != "True")
            NodeStatusChange(node, "NodeNotReady");

        if (NodeTaintPlanner.Plan(node, NoExecuteModeFor(node, check.CurrentReady, now), now) is { } taints)
        {
            var updated = (JsonObject)node.DeepClone();
            updated.Obj("spec")["taints"] = taints;
            node = await _client.UpdateAsync(Resource.Nodes, updated, ct);
        }
        if (check.CurrentReady is not null and not "True")
            await MarkPodsNotReadyAsync(name, now, ct);
    }

    /// <summary>
    /// Halted when no node is Ready (this one counted with its new status); else a new NoExecute taint waits for its
    /// zone's rate (upstream's per-zone tainting queue), which the zone's disruption state sets.
    /// </summary>
    private NoExecuteMode NoExecuteModeFor(JsonObject node, string? ready, DateTimeOffset now)
    {
        var name = ObjectMeta.Name(node);
        if (ready != "True" && _nodes.Store.List().All(n => ObjectMeta.Name(n) == name || !NodeConditions.IsReady(n)))
            return NoExecuteMode.Halted;
        if (!NodeTaintPlanner.WantsNewNoExecute(node))
            return NoExecuteMode.Allowed;
        var zone = Zones.KeyOf(node);
        var (state, size) = Zones.Compute(_nodes.Store.List().Where(n => Zones.KeyOf(n) == zone), _settings.UnhealthyZoneThreshold)
            .GetValueOrDefault(zone, (ZoneState.Normal, 1));
        if (_zoneStates.TryGetValue(zone, out var was) && was != state || !_zoneStates.ContainsKey(zone) && state != ZoneState.Normal)
            LogZoneState(_logger, zone.Replace("\0", "", StringComparison.Ordinal), state);
        _zoneStates[zone] = state;
        if (_limiter.TryTake(zone, _settings.RateFor(state, size), now, out var retryAfter))
            return NoExecuteMode.Allowed;
        if (retryAfter is { } wait)
            _queue.AddAfter(name!, wait);
        return NoExecuteMode.Deferred;
    }

    /// <summary>Upstream's MarkPodsNotReady: the Ready condition of every pod on the node goes False.</summary>
    private async Task MarkPodsNotReadyAsync(string node, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var pod in PodsByNode.On(_pods, node))
        {
            if (PodReadyCondition(pod) is not { } ready || ready["status"].Str() != "True") continue;
            var updated = (JsonObject)pod.DeepClone();
            var condition = PodReadyCondition(updated)!;
            condition["status"] = "False";
            condition["lastTransitionTime"] = JsonHelpers.Timestamp(now);
            try
            {
                await _client.UpdateStatusAsync(Resource.Pods, updated, ct);
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                continue;
            }
            _events.Event(OwnerReferences.EventTarget(pod, Resource.Pods), EventTypes.Warning, "NodeNotReady", "Node is not ready");
        }
    }

    private void OnPod(JsonObject pod)
    {
        if (PodsByNode.NodeOf(pod) is not { } nodeName || PodReadyCondition(pod)?["status"].Str() != "True") return;
        if (_nodes.Store.Get(nodeName) is { } node && NodeConditions.Status(node, NodeConditions.Ready) is { } ready && ready != "True")
            _queue.Add(nodeName);
    }

    private static JsonObject? PodReadyCondition(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray list ? list.OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == "Ready") : null;

    /// <summary>Upstream's RecordNodeStatusChange: reason is the new status.</summary>
    private void NodeStatusChange(JsonObject node, string status) =>
        _events.Event(OwnerReferences.EventTarget(node, Resource.Nodes), EventTypes.Normal, status, $"Node {ObjectMeta.Name(node)} status is now: {status}");

    /// <summary>Upstream's RecordNodeEvent.</summary>
    private void NodeEvent(JsonObject node, string reason, string message) =>
        _events.Event(OwnerReferences.EventTarget(node, Resource.Nodes), EventTypes.Normal, reason, $"Node {ObjectMeta.Name(node)} event: {message}");

    [LoggerMessage(EventId = 11002, Level = LogLevel.Information, Message = "Zone {Zone} is now in state {State}")]
    private static partial void LogZoneState(ILogger logger, string zone, ZoneState state);

    [LoggerMessage(EventId = 11001, Level = LogLevel.Information, Message = "Node {Node} stopped posting status: conditions set to Unknown")]
    private static partial void LogStatusUnknown(ILogger logger, string node);
}
