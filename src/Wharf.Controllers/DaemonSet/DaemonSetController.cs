using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.History;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.DaemonSet;

/// <summary>
/// Runs one pod of each DaemonSet on every eligible node (upstream's pkg/controller/daemon): pods are pinned to
/// their node by required node affinity and placed by the scheduler; pods on nodes that stopped qualifying go,
/// failed pods are replaced under backoff, templates roll out by RollingUpdate (maxUnavailable or maxSurge) or
/// OnDelete through ControllerRevisions, and status is written every pass. Expectations keep a stale cache from
/// causing double creates or deletes.
/// </summary>
public sealed partial class DaemonSetController : IController
{
    public const string SelectingAllReason = "SelectingAll";

    private const string NamespaceTerminatingCause = "NamespaceTerminating";

    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly ISharedIndexInformer _daemonSets;
    private readonly ISharedIndexInformer _pods;
    private readonly ISharedIndexInformer _nodes;
    private readonly RevisionHistory _history;
    private readonly DaemonSetHistory _revisions;
    private readonly WorkQueue<string> _queue;
    private readonly IPodControl _podControl;
    private readonly NodeAssignment _assignment;
    private readonly FailedPodsBackoff _failedPodsBackoff;
    private readonly TimeProvider _time;
    private readonly int _burstReplicas;
    private readonly ILogger _logger;

    public DaemonSetController(ControllerContext context, IPodControl? podControl = null, int burstReplicas = SlowStart.BurstReplicas)
    {
        _client = context.Client;
        _events = context.Events;
        _time = context.Time;
        _burstReplicas = burstReplicas;
        _podControl = podControl ?? new RealPodControl(context.Client, context.Events);
        _logger = context.LoggerFactory.CreateLogger<DaemonSetController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _failedPodsBackoff = new FailedPodsBackoff(FailedPodsBackoff.DefaultInitial, FailedPodsBackoff.DefaultMax);
        _assignment = new NodeAssignment(_failedPodsBackoff);
        Expectations = new DaemonSetExpectations(context.Time);

        _daemonSets = context.Informers.ForResource(Resource.DaemonSets);
        _daemonSets.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = Enqueue,
            OnUpdate = (_, cur) => Enqueue(cur),
            OnDelete = ds =>
            {
                Expectations.Delete(CacheKeys.For(ds));
                Enqueue(ds);
            },
        });
        _pods = context.Informers.ForResource(Resource.Pods);
        ControllerIndex.EnsureOn(_pods);
        _pods.AddEventHandler(new PodEvents(this).Handler);
        _nodes = context.Informers.ForResource(Resource.Nodes);
        _nodes.AddEventHandler(new ResourceEventHandler { OnAdd = AddNode, OnUpdate = UpdateNode, OnDelete = _ => EnqueueAll() });
        _history = new RevisionHistory(context);
        _history.Informer.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = EnqueueRevisionOwner,
            OnUpdate = (_, cur) => EnqueueRevisionOwner(cur),
            OnDelete = EnqueueRevisionOwner,
        });
        _revisions = new DaemonSetHistory(context.Client, _history);
    }

    public string Name => ControllerNames.DaemonSet;

    /// <summary>The pending creates and deletes per key (exposed for tests).</summary>
    internal DaemonSetExpectations Expectations { get; }

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_daemonSets, _pods, _nodes, _history.Informer], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var ds = _daemonSets.Store.Get(key);
        if (ds is null)
        {
            Expectations.Delete(key);
            return;
        }
        var target = OwnerReferences.EventTarget(ds, Resource.DaemonSets);
        if (WorkloadSelector.Read(ds, key, _logger) is not { } selector) return;
        if (selector.IsEverything)
        {
            _events.Event(target, EventTypes.Warning, SelectingAllReason, "This daemon set is selecting all pods. A non-empty selector is required.");
            return;
        }
        // A DaemonSet being deleted may already have lost its revisions to the garbage collector: leave it alone.
        if (ObjectMeta.IsBeingDeleted(ds)) return;

        // Expectations first, the cache after (as upstream): met expectations mean every pod of our earlier passes
        // is in the cache, so the pods read next include them. Read the other way round, a creation observed in
        // between would pass the check while the pods read before it lack the pod, and the pass would create it again.
        var satisfied = Expectations.Satisfied(key);
        var claimed = await ClaimPodsAsync(ds, selector, ct);
        var revisions = await _revisions.ConstructAsync(ds, selector, claimed, ct);
        var nodes = _nodes.Store.List();
        var byNode = ByNode(claimed);
        var generation = TemplateGeneration(ds);
        var now = _time.GetUtcNow();

        if (!satisfied)
        {
            // Only the counts move; observedGeneration waits for a pass that acted on this generation.
            await UpdateStatusAsync(ds, nodes, byNode, revisions, generation, observe: false, now, ct);
            return;
        }

        Exception? error = null;
        try
        {
            await UpdateDaemonSetAsync(key, ds, selector, target, nodes, byNode, claimed, revisions, generation, now, ct);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException or InvalidOperationException or AggregateException)
        {
            error = e;
        }
        await UpdateStatusAsync(ds, nodes, byNode, revisions, generation, observe: true, now, ct);
        _failedPodsBackoff.Collect(now);
        if (error is not null) throw error;
    }

    private async Task UpdateDaemonSetAsync(string key, JsonObject ds, SelectorMatcher selector, JsonObject target, IReadOnlyList<JsonObject> nodes,
        Dictionary<string, List<V1Pod>> byNode, IReadOnlyList<JsonObject> claimed, DaemonSetRevisions revisions, long? generation,
        DateTimeOffset now, CancellationToken ct)
    {
        var plan = _assignment.Plan(key, ds, nodes, byNode, revisions.Hash, now);
        foreach (var (type, reason, message) in plan.Events) _events.Event(target, type, reason, message);
        if (plan.RequeueAfter is { } delay) _queue.AddAfter(key, delay);
        await SyncNodesAsync(key, ds, target, plan, revisions.Hash, generation, ct);

        // Roll out only from a settled state: once what the pass above did has been observed. As upstream's
        // rollingUpdate it then plans on the pods as they are now: on the snapshot from before that pass it would
        // act again on nodes the pass has just changed (a second surge pod on a node, seen under load).
        if (Expectations.Satisfied(key) && UpdateStrategy.IsRollingUpdate(ds))
        {
            var acted = plan.NodesToCreate.Count > 0 || plan.PodsToDelete.Count > 0;
            var current = acted ? ByNode(await ClaimPodsAsync(ds, selector, ct)) : byNode;
            var rollout = RollingUpdatePlanner.Plan(ds, nodes, current, revisions.Hash, generation, now);
            await SyncNodesAsync(key, ds, target, rollout, revisions.Hash, generation, ct);
        }
        await _revisions.CleanupAsync(ds, revisions, claimed, ct);
    }

    /// <summary>
    /// Creates pods on the planned nodes in slow-start batches and deletes the planned pods, at most burstReplicas of
    /// each, expecting them all first (the informer may report them before the calls return).
    /// </summary>
    private async Task SyncNodesAsync(string key, JsonObject ds, JsonObject target, SyncPlan plan, string hash, long? generation, CancellationToken ct)
    {
        var create = plan.NodesToCreate.Take(_burstReplicas).ToList();
        var delete = plan.PodsToDelete.Distinct(StringComparer.Ordinal).Take(_burstReplicas).ToList();
        if (create.Count == 0 && delete.Count == 0) return;
        var ns = ObjectMeta.Namespace(ds)!;
        var deleteKeys = delete.Select(name => CacheKeys.For(ns, name)).ToList();
        Expectations.Expect(key, create.Count, deleteKeys);
        LogSyncNodes(_logger, key, create.Count, delete.Count);

        // Pods are labelled with the template generation; without the annotation, metadata.generation stands in
        // for the label's value (it is not used for matching then, as it also moves on non-template changes).
        var labelGeneration = generation ?? JsonNumbers.Long(ds["metadata"]?["generation"]);
        var template = DaemonPodTemplate.ForRevision(ds["spec"]?["template"] as JsonObject ?? new JsonObject(), labelGeneration, hash);
        var controllerRef = OwnerReferences.NewControllerRef(ds, Resource.DaemonSets);
        var (successes, createError) = await SlowStart.RunAsync(create.Count, SlowStart.InitialBatchSize, async i =>
        {
            try
            {
                await _podControl.CreatePodAsync(ns, DaemonPodTemplate.ForNode(template, create[i]), target, controllerRef, ct);
            }
            catch (ApiException e) when (e.HasCause(NamespaceTerminatingCause))
            {
                // The namespace is going away: these pods will never show up, and that is no failure.
                Expectations.CreationObserved(key);
            }
        });
        // Failed and never-attempted creations will not be observed.
        for (var i = successes; i < create.Count; i++) Expectations.CreationObserved(key);

        var deleteErrors = await Task.WhenAll(delete.Select(async (name, i) =>
        {
            try
            {
                await _podControl.DeletePodAsync(ns, name, target, ct);
                return null;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
            {
                Expectations.DeletionObserved(key, deleteKeys[i]);
                return e is ApiException { IsNotFound: true } ? null : e;
            }
        }));
        var errors = deleteErrors.OfType<Exception>().Prepend(createError).OfType<Exception>().ToList();
        if (errors.Count > 0) throw new AggregateException(errors);
    }

    private async Task<IReadOnlyList<JsonObject>> ClaimPodsAsync(JsonObject ds, SelectorMatcher selector, CancellationToken ct)
    {
        var candidates = ControllerIndex.OwnedAndOrphans(_pods.Store, ObjectMeta.Namespace(ds)!, ObjectMeta.Uid(ds)!);
        var claim = new ControllerRefManager(_client, ds, Resource.DaemonSets, selector, _podControl.PatchPodAsync);
        var (claimed, errors) = await claim.ClaimAsync(candidates, ct);
        if (errors.Count > 0) throw new AggregateException(errors);
        return claimed;
    }

    /// <summary>
    /// Claimed pods grouped by the node they are for, leaving out terminal pods already being deleted (nothing is
    /// left to do with them) and pods whose node cannot be told.
    /// </summary>
    private static Dictionary<string, List<V1Pod>> ByNode(IReadOnlyList<JsonObject> claimed)
    {
        var byNode = new Dictionary<string, List<V1Pod>>(StringComparer.Ordinal);
        foreach (var pod in claimed.Select(ModelJson.ToModel<V1Pod>))
        {
            if (DaemonPods.IsTerminal(pod) && pod.Metadata.DeletionTimestamp is not null) continue;
            if (DaemonPods.TargetNode(pod) is not { } node) continue;
            if (!byNode.TryGetValue(node, out var list)) byNode[node] = list = [];
            list.Add(pod);
        }
        return byNode;
    }

    private async Task UpdateStatusAsync(JsonObject ds, IReadOnlyList<JsonObject> nodes, Dictionary<string, List<V1Pod>> byNode,
        DaemonSetRevisions revisions, long? generation, bool observe, DateTimeOffset now, CancellationToken ct)
    {
        var status = DaemonSetStatusCalculator.Calculate(ds, nodes, byNode, revisions.Hash, generation, observe, now);
        if (revisions.CollisionCount is { } collisions) status["collisionCount"] = collisions;
        var key = CacheKeys.For(ds);
        // Availability comes minReadySeconds after readiness without an event of its own.
        var minReady = NodeAssignment.MinReadySeconds(ds);
        if (minReady > 0 && Count(status, "numberReady") != Count(status, "numberAvailable"))
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        if (JsonNode.DeepEquals(ds["status"], status)) return;

        var updated = (JsonObject)ds.DeepClone();
        // A copy: the conflict retry below attaches the status to another object.
        updated["status"] = status.DeepClone();
        try
        {
            await _client.UpdateStatusAsync(Resource.DaemonSets, updated, ct);
        }
        catch (ApiException e) when (e.IsConflict)
        {
            // One retry on the latest version; the status is recomputed next pass anyway.
            var fresh = await _client.GetAsync(Resource.DaemonSets, ObjectMeta.Namespace(ds), ObjectMeta.Name(ds)!, ct);
            if (observe) status["observedGeneration"] = ds["metadata"]?["generation"]?.DeepClone();
            fresh["status"] = status;
            await _client.UpdateStatusAsync(Resource.DaemonSets, fresh, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    private static long Count(JsonObject status, string field) => JsonNumbers.Long(status[field]) ?? 0;

    /// <summary>The template generation the API server keeps in an annotation, when it does; pods are labelled with it.</summary>
    private static long? TemplateGeneration(JsonObject ds) =>
        long.TryParse(ObjectMeta.Annotation(ds, DaemonSetLabels.TemplateGenerationAnnotation), out var g) ? g : null;

    private void Enqueue(JsonObject ds) => _queue.Add(CacheKeys.For(ds));

    private void EnqueueAll()
    {
        foreach (var ds in _daemonSets.Store.List()) Enqueue(ds);
    }

    /// <summary>A node joined: the DaemonSets that want a pod on it.</summary>
    private void AddNode(JsonObject node)
    {
        foreach (var ds in _daemonSets.Store.List())
        {
            if (NodeEligibility.Of(node, ds).ShouldRun) Enqueue(ds);
        }
    }

    /// <summary>A node changed labels, taints or spec: the DaemonSets whose verdict on it changed.</summary>
    private void UpdateNode(JsonObject old, JsonObject cur)
    {
        if (ObjectMeta.ResourceVersion(old) == ObjectMeta.ResourceVersion(cur)) return;
        if (JsonNode.DeepEquals(old["metadata"]?["labels"], cur["metadata"]?["labels"]) && JsonNode.DeepEquals(old["spec"], cur["spec"])) return;
        foreach (var ds in _daemonSets.Store.List())
        {
            if (NodeEligibility.Of(old, ds) != NodeEligibility.Of(cur, ds)) Enqueue(ds);
        }
    }

    private void EnqueueRevisionOwner(JsonObject revision)
    {
        if (ResolveControllerRef(ObjectMeta.Namespace(revision), OwnerReferences.ControllerOf(revision)) is { } ds) Enqueue(ds);
        else if (OwnerReferences.ControllerOf(revision) is null)
        {
            foreach (var owner in MatchingDaemonSets(revision)) Enqueue(owner);
        }
    }

    private JsonObject? ResolveControllerRef(string? ns, JsonObject? controllerRef) =>
        OwnerLookup.Resolve(_daemonSets, Resource.DaemonSets, ns, controllerRef);

    /// <summary>DaemonSets of the object's namespace whose selector matches it: candidates to adopt an orphan.</summary>
    private IEnumerable<JsonObject> MatchingDaemonSets(JsonObject obj) => OwnerLookup.Selecting(_daemonSets, obj, OwnerLookup.SpecSelector);

    /// <summary>Pod events to the DaemonSet that controls the pod (or could adopt it).</summary>
    private sealed class PodEvents(DaemonSetController controller) : ControlledObjectEvents
    {
        protected override bool TerminatingIsDeletion => true;

        protected override JsonObject? Resolve(string? ns, JsonObject? controllerRef) => controller.ResolveControllerRef(ns, controllerRef);

        protected override IEnumerable<JsonObject> AdoptionCandidates(JsonObject pod) => controller.MatchingDaemonSets(pod);

        protected override void Enqueue(JsonObject owner) => controller.Enqueue(owner);

        protected override void OnCreationObserved(JsonObject owner)
        {
            var key = CacheKeys.For(owner);
            controller.Expectations.CreationObserved(key);
            controller._queue.Add(key);
        }

        protected override void OnDeletionObserved(JsonObject owner, JsonObject pod)
        {
            var key = CacheKeys.For(owner);
            controller.Expectations.DeletionObserved(key, CacheKeys.For(pod));
            controller._queue.Add(key);
        }

        protected override void OnControlledUpdated(JsonObject owner, JsonObject old, JsonObject cur, ControlledUpdate update)
        {
            Enqueue(owner);
            // Availability comes minReadySeconds after readiness with no event of its own.
            var minReady = NodeAssignment.MinReadySeconds(owner);
            if (minReady > 0 && !IsReadyJson(old) && IsReadyJson(cur))
                controller._queue.AddAfter(CacheKeys.For(owner), TimeSpan.FromSeconds(minReady + 1));
        }
    }

    private static bool IsReadyJson(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions &&
        conditions.OfType<JsonObject>().Any(c => c["type"].Str() == "Ready" && c["status"].Str() == "True");


    [LoggerMessage(EventId = 11002, Level = LogLevel.Debug, Message = "{Key}: creating {Creates} daemon pods, deleting {Deletes}")]
    private static partial void LogSyncNodes(ILogger logger, string key, int creates, int deletes);
}
