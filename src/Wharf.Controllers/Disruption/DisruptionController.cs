using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Disruption;

/// <summary>
/// Upstream's disruption controller: keeps each PodDisruptionBudget's status (expectedPods, desiredHealthy,
/// currentHealthy, disruptionsAllowed, disruptedPods, observedGeneration, the DisruptionAllowed condition) in step
/// with the pods its selector matches and the scale of their controllers. A budget whose status cannot be computed
/// allows no disruption. Budgets are synced when they, their pods or a workload of their namespace change, and again
/// when a disruptedPods entry times out.
/// </summary>
public sealed class DisruptionController : IController
{
    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISharedIndexInformer _budgets;
    private readonly ISharedIndexInformer _pods;
    private readonly ControllerScales _scales;
    private readonly WorkQueue<string> _queue;

    public DisruptionController(ControllerContext context)
    {
        _client = context.Client;
        _events = context.Events;
        _time = context.Time;
        _logger = context.LoggerFactory.CreateLogger<DisruptionController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _budgets = context.Informers.ForResource(DisruptionResources.PodDisruptionBudgets);
        _pods = context.Informers.ForResource(Resource.Pods);
        _scales = new ControllerScales(context.Informers);
        _budgets.AddEventHandler(new ResourceEventHandler { OnAdd = Enqueue, OnUpdate = (_, b) => Enqueue(b) });
        _pods.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = EnqueueBudgetsOf,
            OnUpdate = (old, pod) =>
            {
                EnqueueBudgetsOf(pod);
                EnqueueBudgetsOf(old);
            },
            OnDelete = EnqueueBudgetsOf,
        });
        // A scale change moves expectedPods without touching a pod; a controller seen after its pods ends a failed sync.
        var workloads = new ResourceEventHandler
        {
            OnAdd = w => EnqueueNamespace(ObjectMeta.Namespace(w)),
            OnUpdate = (_, w) => EnqueueNamespace(ObjectMeta.Namespace(w)),
            OnDelete = w => EnqueueNamespace(ObjectMeta.Namespace(w)),
        };
        foreach (var informer in _scales.Informers) informer.AddEventHandler(workloads);
    }

    public string Name => ControllerNames.Disruption;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_budgets, _pods, .. _scales.Informers], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var pdb = _budgets.Store.Get(key);
        if (pdb is null || ObjectMeta.IsBeingDeleted(pdb)) return;
        var now = _time.GetUtcNow();
        var target = OwnerReferences.EventTarget(pdb, DisruptionResources.PodDisruptionBudgets);
        JsonObject status;
        try
        {
            status = Compute(pdb, target, now);
        }
        catch (PdbSyncException e)
        {
            if (e.EventReason is { } reason) _events.Event(target, EventTypes.Warning, reason, e.Message);
            _events.Event(target, EventTypes.Warning, "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {e.Message}");
            status = PdbStatus.FailSafe(pdb, e.Message, now);
        }
        if (JsonNode.DeepEquals(status, pdb["status"])) return;
        var updated = (JsonObject)pdb.DeepClone();
        updated["status"] = status;
        try
        {
            await _client.UpdateStatusAsync(DisruptionResources.PodDisruptionBudgets, updated, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    private JsonObject Compute(JsonObject pdb, JsonObject target, DateTimeOffset now)
    {
        SelectorMatcher selector;
        try
        {
            selector = SelectorMatcher.FromLabelSelector(pdb["spec"]?["selector"]);
        }
        catch (FormatException e)
        {
            throw new PdbSyncException(e.Message);
        }
        var ns = ObjectMeta.Namespace(pdb)!;
        var pods = _pods.Store.ByIndex(Indexers.Namespace, ns).Where(selector.MatchesObject).ToList();
        if (pods.Count == 0) _events.Event(target, EventTypes.Normal, "NoPods", "No matching pods found");

        var (expected, desired) = PdbStatus.Desired(pdb, pods, _scales.ExpectedCount);
        var (pending, notDeleted, recheck) = PdbStatus.Disrupted(pdb, pods, now);
        foreach (var pod in notDeleted)
        {
            _events.Event(OwnerReferences.EventTarget(pod, Resource.Pods), EventTypes.Warning, "NotDeleted",
                $"Pod was expected by PDB {ns}/{ObjectMeta.Name(pdb)} to be deleted but it wasn't");
        }
        if (recheck is { } at) _queue.AddAfter(CacheKeys.For(pdb), at - now);
        var healthy = PdbStatus.CurrentHealthy(pods, pending);
        return PdbStatus.Build(pdb, expected, desired, healthy, pending, now);
    }

    private void Enqueue(JsonObject pdb) => _queue.Add(CacheKeys.For(pdb));

    private void EnqueueBudgetsOf(JsonObject pod)
    {
        if (ObjectMeta.Namespace(pod) is not { } ns) return;
        foreach (var pdb in _budgets.Store.ByIndex(Indexers.Namespace, ns))
        {
            try
            {
                if (SelectorMatcher.FromLabelSelector(pdb["spec"]?["selector"]).MatchesObject(pod)) Enqueue(pdb);
            }
            catch (FormatException)
            {
                Enqueue(pdb); // its sync reports the bad selector
            }
        }
    }

    private void EnqueueNamespace(string? ns)
    {
        if (ns is null) return;
        foreach (var pdb in _budgets.Store.ByIndex(Indexers.Namespace, ns)) Enqueue(pdb);
    }
}
