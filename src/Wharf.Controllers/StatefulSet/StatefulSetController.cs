using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.History;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.StatefulSet;

/// <summary>
/// Runs StatefulSets (upstream's pkg/controller/statefulset): claims the set's pods and ControllerRevisions, settles
/// the current and update revisions, lets <see cref="StatefulSetUpdater"/> move the pods one pass closer to the
/// spec, records status, and keeps revisionHistoryLimit old revisions. Like upstream it keeps no expectations: pod
/// names are fixed, so a create on a stale cache fails with AlreadyExists instead of making a second pod.
/// </summary>
public sealed partial class StatefulSetController : IController
{
    private readonly IApiClient _client;
    private readonly ISharedIndexInformer _sets;
    private readonly ISharedIndexInformer _pods;
    private readonly ISharedIndexInformer _claims;
    private readonly RevisionHistory _history;
    private readonly WorkQueue<string> _queue;
    private readonly StatefulSetUpdater _updater;
    private readonly ILogger _logger;

    public StatefulSetController(ControllerContext context)
    {
        _client = context.Client;
        _logger = context.LoggerFactory.CreateLogger<StatefulSetController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _history = new RevisionHistory(context);
        _claims = context.Informers.ForResource(StatefulPodControl.PersistentVolumeClaims);
        _updater = new StatefulSetUpdater(new StatefulPodControl(context.Client, context.Events, _claims.Store), context.Time);

        _sets = context.Informers.ForResource(Resource.StatefulSets);
        _sets.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = Enqueue,
            OnUpdate = (_, cur) => Enqueue(cur),
            OnDelete = Enqueue,
        });
        _pods = context.Informers.ForResource(Resource.Pods);
        ControllerIndex.EnsureOn(_pods);
        _pods.AddEventHandler(new PodEvents(this).Handler);
    }

    public string Name => ControllerNames.StatefulSet;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_sets, _pods, _claims, _history.Informer], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        if (_sets.Store.Get(key) is not { } set) return;
        if (WorkloadSelector.Read(set, key, _logger) is not { } selector) return;
        // A set that selects everything would claim every pod in the namespace: upstream refuses it too.
        if (selector.IsEverything) return;

        var pods = await ClaimPodsAsync(set, selector, ct);
        var revisions = ControllerRevisions.Sort(await _history.ListOwnedAsync(set, Resource.StatefulSets, selector, ct));
        var pair = await RevisionPair.ResolveAsync(_history, set, revisions, ct);
        var (status, error) = await _updater.UpdateAsync(set, pair, pods, ct);
        await UpdateStatusAsync(set, status, ct);

        var live = new HashSet<string>(StringComparer.Ordinal) { pair.CurrentName, pair.UpdateName };
        foreach (var pod in pods) live.Add(StatefulPods.Revision(pod) ?? "");
        await _history.TruncateAsync(revisions, live, StatefulSetSpec.RevisionHistoryLimit(set), ct);
        if (error is not null) throw error;

        // Availability comes minReadySeconds after readiness without an event of its own.
        var minReady = StatefulSetSpec.MinReadySeconds(set);
        if (minReady > 0 && status.AvailableReplicas != Spec.Replicas(set))
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
    }

    /// <summary>Own pods and adoptable orphans whose names make them members; adoption and release as ReplicaSets do.</summary>
    private async Task<List<JsonObject>> ClaimPodsAsync(JsonObject set, SelectorMatcher selector, CancellationToken ct)
    {
        var candidates = ControllerIndex.OwnedAndOrphans(_pods.Store, ObjectMeta.Namespace(set)!, ObjectMeta.Uid(set)!)
            .Where(p => StatefulPods.IsMemberOf(set, p));
        var claim = new ControllerRefManager(_client, set, Resource.StatefulSets, selector,
            (ns, name, patch, c) => _client.PatchAsync(Resource.Pods, ns, name, PatchType.Merge, patch, null, c));
        var (claimed, errors) = await claim.ClaimAsync(candidates, ct);
        if (errors.Count > 0) throw new AggregateException(errors);
        return [.. claimed];
    }

    private async Task UpdateStatusAsync(JsonObject set, StatefulSetStatus status, CancellationToken ct)
    {
        status.CompleteRollingUpdate(set);
        var json = status.ToJson();
        if (JsonNode.DeepEquals(set["status"], json)) return;
        var updated = (JsonObject)set.DeepClone();
        updated["status"] = json;
        try
        {
            await _client.UpdateStatusAsync(Resource.StatefulSets, updated, ct);
        }
        catch (ApiException e) when (e.IsConflict)
        {
            // One retry on the latest version; the next pass recomputes anyway.
            var fresh = await _client.GetAsync(Resource.StatefulSets, ObjectMeta.Namespace(set), ObjectMeta.Name(set)!, ct);
            fresh["status"] = json;
            await _client.UpdateStatusAsync(Resource.StatefulSets, fresh, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    private void Enqueue(JsonObject set) => _queue.Add(CacheKeys.For(set));

    /// <summary>Pod events to the StatefulSet that controls the pod (or could adopt it: it must also carry the set's name).</summary>
    private sealed class PodEvents(StatefulSetController controller) : ControlledObjectEvents
    {
        protected override JsonObject? Resolve(string? ns, JsonObject? controllerRef) =>
            OwnerLookup.Resolve(controller._sets, Resource.StatefulSets, ns, controllerRef);

        protected override IEnumerable<JsonObject> AdoptionCandidates(JsonObject pod) =>
            OwnerLookup.Selecting(controller._sets, pod, OwnerLookup.SpecSelector).Where(set => StatefulPods.IsMemberOf(set, pod));

        protected override void Enqueue(JsonObject owner) => controller.Enqueue(owner);

        protected override void OnControlledUpdated(JsonObject owner, JsonObject old, JsonObject cur, ControlledUpdate update)
        {
            Enqueue(owner);
            // Availability comes minReadySeconds after readiness with no event of its own.
            var minReady = StatefulSetSpec.MinReadySeconds(owner);
            if (minReady > 0 && !StatefulPods.IsRunningAndReady(old) && StatefulPods.IsRunningAndReady(cur))
                controller._queue.AddAfter(CacheKeys.For(owner), TimeSpan.FromSeconds(minReady + 1));
        }
    }

}
