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
/// </summary>
public sealed partial class ReplicaSetController : IController
{
    private const string NamespaceTerminatingCause = "NamespaceTerminating";

    private readonly ReplicaSetKind _kind;
    private readonly IApiClient _client;
    private readonly ISharedIndexInformer _owners;
    private readonly ISharedIndexInformer _pods;
    private readonly WorkQueue<string> _queue;
    private readonly IPodControl _podControl;
    private readonly TimeProvider _time;
    private readonly int _burstReplicas;
    private readonly ILogger _logger;

    public ReplicaSetController(ControllerContext context, ReplicaSetKind kind, IPodControl? podControl = null, int burstReplicas = SlowStart.BurstReplicas)
    {
        _kind = kind;
        _client = context.Client;
        _time = context.Time;
        _burstReplicas = burstReplicas;
        _podControl = podControl ?? new RealPodControl(context.Client, context.Events);
        _logger = context.LoggerFactory.CreateLogger<ReplicaSetController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        Expectations = new ControllerExpectations(context.Time);

        _owners = context.Informers.ForResource(kind.Resource);
        ControllerIndex.EnsureOn(_owners);
        _owners.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = Enqueue,
            OnUpdate = (_, cur) => Enqueue(cur),
            OnDelete = owner =>
            {
                Expectations.Delete(CacheKeys.For(owner));
                Enqueue(owner);
            },
        });
        _pods = context.Informers.ForResource(Resource.Pods);
        ControllerIndex.EnsureOn(_pods);
        _pods.AddEventHandler(new ResourceEventHandler { OnAdd = AddPod, OnUpdate = UpdatePod, OnDelete = DeletePod });
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
        SelectorMatcher selector;
        try
        {
            selector = _kind.Selector(owner);
        }
        catch (FormatException e)
        {
            LogInvalidSelector(_logger, key, e.Message);
            return;
        }

        var candidates = ControllerIndex.OwnedAndOrphans(_pods.Store, ns!, ObjectMeta.Uid(owner)!).Where(PodState.IsActive);
        var claim = new ControllerRefManager(_client, owner, _kind.Resource, selector, _podControl.PatchPodAsync);
        var (claimed, claimErrors) = await claim.ClaimAsync(candidates, ct);
        if (claimErrors.Count > 0) throw new AggregateException(claimErrors);
        var pods = claimed.Select(ModelJson.ToModel<V1Pod>).ToList();

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

    private async Task<Exception?> ManageReplicasAsync(string key, JsonObject owner, List<V1Pod> pods, int replicas, CancellationToken ct)
    {
        var ns = ObjectMeta.Namespace(owner)!;
        var target = OwnerReferences.EventTarget(owner, _kind.Resource);
        var diff = pods.Count - replicas;
        if (diff < 0)
        {
            var count = Math.Min(-diff, _burstReplicas);
            // Expect before creating: the informer may report the new pods before the calls return.
            Expectations.ExpectCreations(key, count);
            var template = owner["spec"]?["template"] as JsonObject ?? new JsonObject();
            var controllerRef = OwnerReferences.NewControllerRef(owner, _kind.Resource);
            LogScaling(_logger, key, "Too few", replicas, pods.Count, count);
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
            var victims = PodDeletionOrder.PickForDeletion(pods, RelatedPods(owner, pods), count, _time.GetUtcNow());
            var victimKeys = victims.Select(p => CacheKeys.For(p.Metadata.NamespaceProperty, p.Metadata.Name)).ToList();
            Expectations.ExpectDeletions(key, victimKeys);
            LogScaling(_logger, key, "Too many", replicas, pods.Count, count);
            var results = await Task.WhenAll(victims.Select(async (pod, i) =>
            {
                try
                {
                    await _podControl.DeletePodAsync(ns, pod.Metadata.Name, target, ct);
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
    /// Active pods of every ReplicaSet under the same controller (a Deployment's old and new ones), which the
    /// deletion order uses to spread the remaining pods over nodes.
    /// </summary>
    private IReadOnlyList<V1Pod> RelatedPods(JsonObject owner, List<V1Pod> own)
    {
        if (OwnerReferences.ControllerOf(owner)?["uid"].Str() is not { Length: > 0 } parentUid) return own;
        var related = new List<V1Pod>(own);
        foreach (var sibling in _owners.Store.ByIndex(ControllerIndex.Name, parentUid))
        {
            if (ObjectMeta.Uid(sibling) == ObjectMeta.Uid(owner)) continue;
            related.AddRange(_pods.Store.ByIndex(ControllerIndex.Name, ObjectMeta.Uid(sibling)!).Where(PodState.IsActive).Select(ModelJson.ToModel<V1Pod>));
        }
        return related;
    }

    private async Task UpdateStatusAsync(JsonObject owner, JsonObject status, CancellationToken ct)
    {
        if (JsonNode.DeepEquals(owner["status"], status)) return;
        var updated = (JsonObject)owner.DeepClone();
        updated["status"] = status.DeepClone();
        try
        {
            await _client.UpdateStatusAsync(_kind.Resource, updated, ct);
        }
        catch (ApiException e) when (e.IsConflict)
        {
            // One retry on the latest version, as upstream; the status is recomputed next pass anyway.
            var fresh = await _client.GetAsync(_kind.Resource, ObjectMeta.Namespace(owner), ObjectMeta.Name(owner)!, ct);
            var retried = (JsonObject)status.DeepClone();
            retried["observedGeneration"] = fresh["metadata"]?["generation"]?.DeepClone();
            fresh["status"] = retried;
            await _client.UpdateStatusAsync(_kind.Resource, fresh, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    private static int Count(JsonObject status, string field) => status[field]?.GetValue<int>() ?? 0;

    private void Enqueue(JsonObject owner) => _queue.Add(CacheKeys.For(owner));

    /// <summary>The cached owner a controllerRef points at, if it is one of ours and still the same object.</summary>
    private JsonObject? ResolveControllerRef(string? ns, JsonObject? controllerRef) =>
        OwnerLookup.Resolve(_owners, _kind.Resource, ns, controllerRef);

    /// <summary>Owners in the pod's namespace whose selector matches it: candidates to adopt an orphan.</summary>
    private IEnumerable<JsonObject> MatchingOwners(JsonObject pod) => OwnerLookup.Selecting(_owners, pod, _kind.Selector);

    private void AddPod(JsonObject pod)
    {
        if (ObjectMeta.IsBeingDeleted(pod))
        {
            // Restarted with a pod already terminating: it must not count as a creation.
            DeletePod(pod);
            return;
        }
        if (OwnerReferences.ControllerOf(pod) is { } controllerRef)
        {
            if (ResolveControllerRef(ObjectMeta.Namespace(pod), controllerRef) is not { } owner) return;
            var key = CacheKeys.For(owner);
            Expectations.CreationObserved(key);
            _queue.Add(key);
            return;
        }
        foreach (var owner in MatchingOwners(pod)) Enqueue(owner);
    }

    private void UpdatePod(JsonObject old, JsonObject cur)
    {
        if (ObjectMeta.ResourceVersion(old) == ObjectMeta.ResourceVersion(cur)) return; // resync
        var labelsChanged = !JsonNode.DeepEquals(old["metadata"]?["labels"], cur["metadata"]?["labels"]);
        if (ObjectMeta.IsBeingDeleted(cur))
        {
            // Seen terminating: that is the deletion we waited for; the final delete event comes later.
            DeletePod(cur);
            if (labelsChanged) DeletePod(old);
            return;
        }
        var curRef = OwnerReferences.ControllerOf(cur);
        var oldRef = OwnerReferences.ControllerOf(old);
        if (!JsonNode.DeepEquals(curRef, oldRef) && ResolveControllerRef(ObjectMeta.Namespace(old), oldRef) is { } previous)
            Enqueue(previous);
        if (curRef is not null)
        {
            if (ResolveControllerRef(ObjectMeta.Namespace(cur), curRef) is not { } owner) return;
            Enqueue(owner);
            // Availability comes minReadySeconds after readiness with no event of its own.
            var minReady = Spec.Int(owner, "minReadySeconds", 0);
            if (minReady > 0 && !IsReadyJson(old) && IsReadyJson(cur))
                _queue.AddAfter(CacheKeys.For(owner), TimeSpan.FromSeconds(minReady + 1));
            return;
        }
        if (labelsChanged || !JsonNode.DeepEquals(curRef, oldRef))
        {
            foreach (var owner in MatchingOwners(cur)) Enqueue(owner);
        }
    }

    private void DeletePod(JsonObject pod)
    {
        if (ResolveControllerRef(ObjectMeta.Namespace(pod), OwnerReferences.ControllerOf(pod)) is not { } owner) return;
        var key = CacheKeys.For(owner);
        Expectations.DeletionObserved(key, CacheKeys.For(pod));
        _queue.Add(key);
    }

    private static bool IsReadyJson(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions &&
        conditions.OfType<JsonObject>().Any(c => c["type"].Str() == "Ready" && c["status"].Str() == "True");

    [LoggerMessage(EventId = 10401, Level = LogLevel.Warning, Message = "{Key} has an invalid selector: {Message}")]
    private static partial void LogInvalidSelector(ILogger logger, string key, string message);

    [LoggerMessage(EventId = 10402, Level = LogLevel.Debug, Message = "{Reason} replicas for {Key}: need {Replicas}, have {Have}; acting on {Count}")]
    private static partial void LogScaling(ILogger logger, string key, string reason, int replicas, int have, int count);
}
