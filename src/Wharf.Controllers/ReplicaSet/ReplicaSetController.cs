using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.Expectations;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.ReplicaSet;

/// <summary>
/// Keeps the number of active pods of each ReplicaSet (or ReplicationController: one implementation, see
/// <see cref="ReplicaSetKind"/>) at spec.replicas: claims pods by selector, creates in slow-start batches and deletes
/// the cheapest pods first, guarded by <see cref="ControllerExpectations"/>, and writes status every pass.
/// Unlike upstream, which syncs on every pod event and lets the queue coalesce what arrives while a key waits, pod
/// events that change nothing the pass acts on now wake it later or not at all (see <see cref="PodEvents"/>), and
/// its own status writes do not wake it: at hundreds of pods per second each readiness change was its own pass and
/// its own status write, and each of those a Deployment pass and status write as well.
/// </summary>
public sealed partial class ReplicaSetController : IController
{
    private const string NamespaceTerminatingCause = "NamespaceTerminating";

    /// <summary>
    /// How long pod events that only move the status counts wait for others (see <see cref="PodEvents"/>): long enough
    /// to fold pods that turn ready together into one status write, short enough not to slow each rollout step (500 ms
    /// made a rolling update of five replicas take more than twice as long).
    /// </summary>
    public static readonly TimeSpan DefaultStatusBatchPeriod = TimeSpan.FromMilliseconds(100);

    private readonly ReplicaSetKind _kind;
    private readonly IApiClient _client;
    private readonly ISharedIndexInformer _owners;
    private readonly ISharedIndexInformer _pods;
    private readonly WorkQueue<string> _queue;
    private readonly IPodControl _podControl;
    private readonly TimeProvider _time;
    private readonly int _burstReplicas;
    private readonly TimeSpan _statusBatchPeriod;
    private readonly OwnWrites _ownWrites = new();
    private readonly ILogger _logger;

    /// <param name="statusBatchPeriod">How long pod events that only move the status counts wait for others; <see cref="DefaultStatusBatchPeriod"/> when null.</param>
    public ReplicaSetController(ControllerContext context, ReplicaSetKind kind, IPodControl? podControl = null, int burstReplicas = SlowStart.BurstReplicas,
        TimeSpan? statusBatchPeriod = null)
    {
        _kind = kind;
        _client = context.Client;
        _time = context.Time;
        _burstReplicas = burstReplicas;
        _statusBatchPeriod = statusBatchPeriod ?? DefaultStatusBatchPeriod;
        _podControl = podControl ?? new RealPodControl(context.Client, context.Events);
        _logger = context.LoggerFactory.CreateLogger<ReplicaSetController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        Expectations = new ControllerExpectations(context.Time);

        _owners = context.Informers.ForResource(kind.Resource);
        ControllerIndex.EnsureOn(_owners);
        _owners.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = Enqueue,
            // Our own status write comes back as an update; the pass that wrote it already saw everything it says.
            OnUpdate = (_, cur) =>
            {
                if (!_ownWrites.IsOwn(cur)) Enqueue(cur);
            },
            OnDelete = owner =>
            {
                Expectations.Delete(CacheKeys.For(owner));
                _ownWrites.Forget(CacheKeys.For(owner));
                Enqueue(owner);
            },
        });
        _pods = context.Informers.ForResource(Resource.Pods);
        ControllerIndex.EnsureOn(_pods);
        _pods.AddEventHandler(new PodEvents(this).Handler);
    }

    public string Name => _kind.ControllerName;

    /// <summary>The pending creates and deletes per key (exposed for tests).</summary>
    internal ControllerExpectations Expectations { get; }

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_owners, _pods], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var owner = _owners.Store.Get(key);
        if (owner is null)
        {
            Expectations.Delete(key);
            return;
        }
        var (ns, _) = CacheKeys.Split(key);
        var needsSync = Expectations.Satisfied(key);
        if (WorkloadSelector.Read(owner, key, _logger, _kind.Selector) is not { } selector) return;

        var candidates = ControllerIndex.OwnedAndOrphans(_pods.Store, ns!, ObjectMeta.Uid(owner)!).Where(PodState.IsActive);
        var claim = new ControllerRefManager(_client, owner, _kind.Resource, selector, _podControl.PatchPodAsync);
        var (claimed, claimErrors) = await claim.ClaimAsync(candidates, ct);
        if (claimErrors.Count > 0) throw new AggregateException(claimErrors);
        var pods = claimed;

        Exception? manageError = null;
        var replicas = Spec.Replicas(owner);
        if (needsSync && !ObjectMeta.IsBeingDeleted(owner))
            manageError = await ManageReplicasAsync(key, owner, pods, replicas, ct);

        var now = _time.GetUtcNow();
        var status = ReplicaSetStatus.Calculate(owner, pods, manageError, pods.Count < replicas, now);
        await UpdateStatusAsync(owner, status, ct);

        // Pods become available minReadySeconds after they turn ready without any event: look again then.
        var minReady = Spec.Int(owner, "minReadySeconds", 0);
        if (manageError is null && minReady > 0 && Count(status, "readyReplicas") == replicas && Count(status, "availableReplicas") != replicas)
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        if (manageError is not null) throw manageError;
    }

    private async Task<Exception?> ManageReplicasAsync(string key, JsonObject owner, IReadOnlyList<JsonObject> claimed, int replicas, CancellationToken ct)
    {
        var ns = ObjectMeta.Namespace(owner)!;
        var target = OwnerReferences.EventTarget(owner, _kind.Resource);
        var diff = claimed.Count - replicas;
        if (diff < 0)
        {
            var count = Math.Min(-diff, _burstReplicas);
            // Expect before creating: the informer may report the new pods before the calls return.
            Expectations.ExpectCreations(key, count);
            var template = owner["spec"]?["template"] as JsonObject ?? new JsonObject();
            var controllerRef = OwnerReferences.NewControllerRef(owner, _kind.Resource);
            LogScaling(_logger, key, "Too few", replicas, claimed.Count, count);
            var (successes, error) = await SlowStart.RunAsync(count, SlowStart.InitialBatchSize, async _ =>
            {
                try
                {
                    await _podControl.CreatePodAsync(ns, template, target, controllerRef, ct);
                }
                catch (ApiException e) when (e.HasCause(NamespaceTerminatingCause))
                {
                    // The namespace is going away; its pods will never show up, and that is no failure.
                    Expectations.CreationObserved(key);
                }
            });
            // Failed and never-attempted creations will not be observed.
            for (var i = successes; i < count; i++) Expectations.CreationObserved(key);
            return error;
        }
        if (diff > 0)
        {
            var count = Math.Min(diff, _burstReplicas);
            // Typed copies only of the pods to order, only of what the order reads (RankedPod), and only when not all
            // of them go; of the related pods it only counts the active ones per node.
            var victims = count >= claimed.Count
                ? claimed.Select(p => ObjectMeta.Name(p)!).ToList()
                : PodDeletionOrder.PickForDeletion(claimed.Select(RankedPod.From).ToList(), RelatedPodsPerNode(owner, claimed), count, _time.GetUtcNow())
                    .Select(p => p.Metadata.Name).ToList();
            var victimKeys = victims.Select(name => CacheKeys.For(ns, name)).ToList();
            Expectations.ExpectDeletions(key, victimKeys);
            LogScaling(_logger, key, "Too many", replicas, claimed.Count, count);
            var results = await Task.WhenAll(victims.Select(async (pod, i) =>
            {
                try
                {
                    await _podControl.DeletePodAsync(ns, pod, target, ct);
                    return null;
                }
                catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
                {
                    // The pod will not be seen going away because of us: stop waiting for it.
                    Expectations.DeletionObserved(key, victimKeys[i]);
                    return e is ApiException { IsNotFound: true } ? null : e;
                }
            }));
            return results.FirstOrDefault(e => e is not null);
        }
        return null;
    }

    /// <summary>
    /// Active pods per node of every ReplicaSet under the same controller (a Deployment's old and new ones), which
    /// the deletion order uses to spread the remaining pods over nodes.
    /// </summary>
    private Dictionary<string, int> RelatedPodsPerNode(JsonObject owner, IReadOnlyList<JsonObject> own)
    {
        var perNode = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(JsonObject pod)
        {
            if (pod["spec"]?["nodeName"].Str() is { Length: > 0 } node) perNode[node] = perNode.GetValueOrDefault(node) + 1;
        }
        foreach (var pod in own) Count(pod);
        if (OwnerReferences.ControllerOf(owner)?["uid"].Str() is not { Length: > 0 } parentUid) return perNode;
        foreach (var sibling in _owners.Store.ByIndex(ControllerIndex.Name, parentUid))
        {
            if (ObjectMeta.Uid(sibling) == ObjectMeta.Uid(owner)) continue;
            foreach (var pod in _pods.Store.ByIndex(ControllerIndex.Name, ObjectMeta.Uid(sibling)!).Where(PodState.IsActive)) Count(pod);
        }
        return perNode;
    }

    private async Task UpdateStatusAsync(JsonObject owner, JsonObject status, CancellationToken ct)
    {
        if (JsonNode.DeepEquals(owner["status"], status)) return;
        // The cached owner with the new status, written without a deep copy of it.
        var body = StatusWriteBody.Write(owner, status);
        try
        {
            _ownWrites.Record(await _client.UpdateStatusReadingMetadataAsync(_kind.Resource, ObjectMeta.Namespace(owner), ObjectMeta.Name(owner)!, body, ct));
        }
        catch (ApiException e) when (e.IsConflict)
        {
            // One retry on the latest version, as upstream. The status keeps the generation it was computed for
            // (upstream's "we might wrongfully indicate that we've seen a spec update"): a newer spec gets its own pass.
            var fresh = await _client.GetAsync(_kind.Resource, ObjectMeta.Namespace(owner), ObjectMeta.Name(owner)!, ct);
            fresh["status"] = status.DeepClone();
            _ownWrites.Record(await _client.UpdateStatusReadingMetadataAsync(_kind.Resource, fresh, ct));
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    private static int Count(JsonObject status, string field) => status[field]?.GetValue<int>() ?? 0;

    private void Enqueue(JsonObject owner) => _queue.Add(CacheKeys.For(owner));

    /// <summary>
    /// Pod events to the ReplicaSet that controls the pod. Only what a pass counts or acts on wakes it: labels, the
    /// controller reference, the pod turning terminating or finished wake it at once; readiness (ready and available
    /// counts) after <see cref="_statusBatchPeriod"/>, so that the pods of a ReplicaSet turning ready together make one
    /// status write, not one each; binding, IPs and container states not at all (a scale-down reads them from the
    /// cache when it happens).
    /// </summary>
    private sealed class PodEvents(ReplicaSetController controller) : ControlledObjectEvents
    {
        protected override bool TerminatingIsDeletion => true;

        protected override JsonObject? Resolve(string? ns, JsonObject? controllerRef) =>
            OwnerLookup.Resolve(controller._owners, controller._kind.Resource, ns, controllerRef);

        protected override IEnumerable<JsonObject> AdoptionCandidates(JsonObject pod) =>
            OwnerLookup.Selecting(controller._owners, pod, controller._kind.Selector);

        protected override void Enqueue(JsonObject owner) => controller.Enqueue(owner);

        protected override void OnCreationObserved(JsonObject owner)
        {
            var key = CacheKeys.For(owner);
            controller.Expectations.CreationObserved(key);
            controller.EnqueueObserved(key);
        }

        protected override void OnDeletionObserved(JsonObject owner, JsonObject pod)
        {
            var key = CacheKeys.For(owner);
            controller.Expectations.DeletionObserved(key, CacheKeys.For(pod));
            controller.EnqueueObserved(key);
        }

        protected override void OnControlledUpdated(JsonObject owner, JsonObject old, JsonObject cur, ControlledUpdate update)
        {
            var queue = controller._queue;
            var key = CacheKeys.For(owner);
            var readyChanged = PodState.IsReady(old) != PodState.IsReady(cur);
            var minReady = Spec.Int(owner, "minReadySeconds", 0);
            if (minReady > 0 && readyChanged && PodState.IsReady(cur))
            {
                // Availability comes minReadySeconds after readiness with no event of its own. Not batched: the queue
                // keeps one delay per key, the earliest, and a pending batch would swallow this one.
                queue.Add(key);
                queue.AddAfter(key, TimeSpan.FromSeconds(minReady + 1));
            }
            else if (update.ControllerChanged || update.LabelsChanged || PodState.IsActive(old) != PodState.IsActive(cur)) queue.Add(key);
            else if (readyChanged) queue.AddAfter(key, controller._statusBatchPeriod);
        }
    }

    /// <summary>
    /// After a creation or deletion of ours was observed: while others are still awaited, a pass would act on
    /// nothing and only write a status with a partial count, so it waits (the last observation syncs at once; the
    /// delay also covers observations that never come, until the expectations expire).
    /// </summary>
    private void EnqueueObserved(string key)
    {
        if (Expectations.Satisfied(key)) _queue.Add(key);
        else _queue.AddAfter(key, _statusBatchPeriod);
    }


    [LoggerMessage(EventId = 10402, Level = LogLevel.Debug, Message = "{Reason} replicas for {Key}: need {Replicas}, have {Have}; acting on {Count}")]
    private static partial void LogScaling(ILogger logger, string key, string reason, int replicas, int have, int count);
}
