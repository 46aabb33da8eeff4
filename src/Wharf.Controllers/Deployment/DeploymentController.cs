using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Deployment;

/// <summary>
/// Rolls Deployments out through ReplicaSets named <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>: RollingUpdate
/// within maxSurge/maxUnavailable or Recreate, proportional scaling, pause, progress deadline, revision history
/// (upstream's DeploymentController). <c>kubectl rollout undo</c> needs nothing here: kubectl copies the old
/// template back and the matching ReplicaSet becomes the new one with the next revision.
/// </summary>
public sealed partial class DeploymentController : IController
{
    public const string SelectingAllReason = "SelectingAll";

    /// <summary>
    /// How long a ReplicaSet's status-only change waits before the Deployment's pass, so that the status writes of its
    /// old and new ReplicaSets in one rollout step make one pass and one Deployment status write (as
    /// <see cref="ReplicaSet.ReplicaSetController.DefaultStatusBatchPeriod"/> folds pods turning ready together).
    /// </summary>
    public static readonly TimeSpan DefaultStatusBatchPeriod = TimeSpan.FromMilliseconds(100);

    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ISharedIndexInformer _deployments;
    private readonly ISharedIndexInformer _replicaSets;
    private readonly ISharedIndexInformer _pods;
    private readonly WorkQueue<string> _queue;
    private readonly OwnWrites _ownWrites = new();
    private readonly OwnWrites _ownReplicaSetWrites = new();
    private readonly TemplateKeys _templateKeys = new();
    private readonly DeploymentModels _models = new();
    private readonly ReplicaSetModels _replicaSetModels = new();
    private readonly TimeSpan _statusBatchPeriod;
    private readonly ILogger _logger;
    private int _passes;

    /// <param name="statusBatchPeriod">How long a ReplicaSet's status-only change waits; <see cref="DefaultStatusBatchPeriod"/> when null.</param>
    public DeploymentController(ControllerContext context, TimeSpan? statusBatchPeriod = null)
    {
        _statusBatchPeriod = statusBatchPeriod ?? DefaultStatusBatchPeriod;
        _client = context.Client;
        _events = context.Events;
        _time = context.Time;
        _logger = context.LoggerFactory.CreateLogger<DeploymentController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _deployments = context.Informers.ForResource(Resource.Deployments);
        _deployments.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = Enqueue,
            // Our own status write comes back as an update; the pass that wrote it already saw everything it says.
            OnUpdate = (_, d) =>
            {
                if (!_ownWrites.IsOwn(d)) Enqueue(d);
            },
            OnDelete = d =>
            {
                _ownWrites.Forget(CacheKeys.For(d));
                _models.Forget(CacheKeys.For(d));
                Enqueue(d);
            },
        });
        _replicaSets = context.Informers.ForResource(Resource.ReplicaSets);
        ControllerIndex.EnsureOn(_replicaSets);
        _replicaSets.AddEventHandler(new ReplicaSetEvents(this).Handler);
        _pods = context.Informers.ForResource(Resource.Pods);
        ControllerIndex.EnsureOn(_pods);
        _pods.AddEventHandler(new ResourceEventHandler { OnDelete = DeletePod });
    }

    public string Name => ControllerNames.Deployment;

    /// <summary>How many passes ran (for tests: what wakes the controller).</summary>
    internal int Passes => Volatile.Read(ref _passes);

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_deployments, _replicaSets, _pods], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        Interlocked.Increment(ref _passes);
        var json = _deployments.Store.Get(key);
        if (json is null)
        {
            _models.Forget(key);
            return;
        }
        var (d, statusText) = _models.Take(key, json);
        statusText = await SyncAsync(key, json, d, statusText, ct);
        // Only a pass that went through hands its model on: one that failed may have left it half-way.
        _models.Keep(key, new DeploymentModels.Kept(d, statusText));
    }

    /// <summary>One pass over <paramref name="d"/> (brought up to date in place); returns the wire text of its status when known.</summary>
    private async Task<byte[]?> SyncAsync(string key, JsonObject json, V1Deployment d, byte[]? statusText, CancellationToken ct)
    {
        var (ns, _) = CacheKeys.Split(key);
        if (WorkloadSelector.Read(json, key, _logger) is not { } selector) return statusText;
        if (selector.IsEverything)
        {
            _events.Event(OwnerReferences.EventTarget(json, Resource.Deployments), EventTypes.Warning, SelectingAllReason,
                "This deployment is selecting all pods. A non-empty selector is required.");
            if ((d.Status?.ObservedGeneration ?? 0) < (d.Metadata.Generation ?? 0))
            {
                var sync0 = new DeploymentSync(_client, _events, _time, d, [], _ownWrites.Record, _templateKeys, _ownReplicaSetWrites.Record, statusText);
                var status = sync0.CloneStatus();
                status.ObservedGeneration = d.Metadata.Generation;
                await sync0.UpdateStatusAsync(status, ct);
                return sync0.StatusText;
            }
            return statusText;
        }

        var candidates = ControllerIndex.OwnedAndOrphans(_replicaSets.Store, ns!, d.Metadata.Uid);
        var claim = new ControllerRefManager(_client, json, Resource.Deployments, selector,
            (rsNs, rsName, patch, token) => _client.PatchAsync(Resource.ReplicaSets, rsNs, rsName, PatchType.Merge, patch, null, token));
        var (claimed, errors) = await claim.ClaimAsync(candidates, ct);
        if (errors.Count > 0) throw new AggregateException(errors);
        var sync = new DeploymentSync(_client, _events, _time, d, claimed.Select(_replicaSetModels.Of).ToList(), _ownWrites.Record, _templateKeys,
            _ownReplicaSetWrites.Record, statusText);

        TimeSpan? recheck;
        if (d.Metadata.DeletionTimestamp is not null)
        {
            recheck = await Rollouts.SyncStatusOnlyAsync(sync, ct);
        }
        else
        {
            await Rollouts.CheckPausedConditionsAsync(sync, ct);
            if (sync.D.Spec.Paused == true || await Rollouts.IsScalingEventAsync(sync, ct))
                recheck = await Rollouts.SyncAsync(sync, ct);
            else if (RolloutMath.IsRollingUpdate(sync.D))
                recheck = await Rollouts.RollingAsync(sync, ct);
            else
                recheck = await Rollouts.RecreateAsync(sync, newRs => OldPodsRunning(sync, newRs), ct);
        }
        if (recheck is { } after) _queue.AddAfter(key, after);
        return sync.StatusText;
    }

    /// <summary>Recreate waits until no pod of an old ReplicaSet is left running or terminating.</summary>
    private bool OldPodsRunning(DeploymentSync sync, V1ReplicaSet? newRs)
    {
        var old = sync.ReplicaSets.Where(rs => rs.Metadata.Uid != newRs?.Metadata.Uid).ToList();
        if (RolloutMath.ActualSum(old) > 0) return true;
        return old.Any(rs => _pods.Store.ByIndex(ControllerIndex.Name, rs.Metadata.Uid)
            .Any(p => p["status"]?["phase"].Str() is not ("Failed" or "Succeeded")));
    }

    private void Enqueue(JsonObject d) => _queue.Add(CacheKeys.For(d));

    private JsonObject? ResolveControllerRef(string? ns, JsonObject? controllerRef) =>
        OwnerLookup.Resolve(_deployments, Resource.Deployments, ns, controllerRef);

    /// <summary>Deployments that would adopt an orphan ReplicaSet.</summary>
    private IEnumerable<JsonObject> MatchingDeployments(JsonObject rs)
    {
        foreach (var d in _deployments.Store.ByIndex(Indexers.Namespace, ObjectMeta.Namespace(rs) ?? ""))
        {
            bool matches;
            try
            {
                var selector = SelectorMatcher.FromLabelSelector(d["spec"]?["selector"]);
                matches = !selector.IsEverything && selector.MatchesObject(rs);
            }
            catch (FormatException)
            {
                continue;
            }
            if (matches) yield return d;
        }
    }

    /// <summary>
    /// ReplicaSet events to the Deployment that controls the ReplicaSet (or could adopt it). ReplicaSets this
    /// controller created or scaled come back as events; the pass that wrote them went on with what the server
    /// answered (and wrote the Deployment's status from it), so they do not wake it again, as its own status writes do
    /// not (<see cref="OwnWrites"/>). What the ReplicaSet controller then does to them arrives as events of their own:
    /// a status-only change wakes the Deployment after <see cref="_statusBatchPeriod"/>, anything else at once.
    /// </summary>
    private sealed class ReplicaSetEvents(DeploymentController controller) : ControlledObjectEvents
    {
        protected override bool TerminatingIsDeletion => true;

        protected override JsonObject? Resolve(string? ns, JsonObject? controllerRef) => controller.ResolveControllerRef(ns, controllerRef);

        protected override IEnumerable<JsonObject> AdoptionCandidates(JsonObject rs) => controller.MatchingDeployments(rs);

        protected override void Enqueue(JsonObject owner) => controller.Enqueue(owner);

        protected override bool IsOwnWrite(JsonObject rs) => controller._ownReplicaSetWrites.IsOwn(rs);

        protected override void OnDeleting(JsonObject rs)
        {
            controller._ownReplicaSetWrites.Forget(CacheKeys.For(rs));
            controller._replicaSetModels.Forget(ObjectMeta.Uid(rs));
        }

        protected override void OnControlledUpdated(JsonObject owner, JsonObject old, JsonObject cur, ControlledUpdate update)
        {
            if (update.ControllerChanged || update.LabelsChanged || !SameMetadataAndSpec(old, cur)) Enqueue(owner);
            else controller._queue.AddAfter(CacheKeys.For(owner), controller._statusBatchPeriod);
        }
    }

    /// <summary>Only the status moved: same generation (spec), annotations and deletion state.</summary>
    private static bool SameMetadataAndSpec(JsonObject old, JsonObject cur) =>
        JsonNode.DeepEquals(old["metadata"]?["generation"], cur["metadata"]?["generation"])
        && JsonNode.DeepEquals(old["metadata"]?["annotations"], cur["metadata"]?["annotations"])
        && ObjectMeta.DeletionTimestamp(old) == ObjectMeta.DeletionTimestamp(cur);

    /// <summary>A Recreate rollout waits for the last old pod to go; only that deletion matters here.</summary>
    private void DeletePod(JsonObject pod)
    {
        if (OwnerReferences.ControllerOf(pod) is not { } rsRef || !OwnerReferences.RefersTo(rsRef, Resource.ReplicaSets)) return;
        var rs = _replicaSets.Store.Get(ObjectMeta.Namespace(pod), rsRef["name"].Str() ?? "");
        if (rs is null || ResolveControllerRef(ObjectMeta.Namespace(rs), OwnerReferences.ControllerOf(rs)) is not { } d) return;
        if (d["spec"]?["strategy"]?["type"].Str() != RolloutMath.Recreate) return;
        if (_pods.Store.ByIndex(ControllerIndex.Name, ObjectMeta.Uid(rs)!).Count == 0) Enqueue(d);
    }

}
