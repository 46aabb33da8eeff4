using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.Cloud;

namespace Wharf.Controllers.ServiceLb;

/// <summary>
/// The cloud controller manager's service controller: a Service of type LoadBalancer gets a load balancer from the
/// cloud provider and its address in <c>status.loadBalancer</c>; when the Service changes type or is deleted the load
/// balancer goes, guarded by the <c>service.kubernetes.io/load-balancer-cleanup</c> finalizer. A change of the
/// node set re-syncs every load balancer; so does any LoadBalancer Service changing, since one may free a port
/// another waits for.
/// </summary>
public sealed partial class ServiceLbController : IController
{
    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly ILoadBalancer _loadBalancer;
    private readonly ISharedIndexInformer _services;
    private readonly ISharedIndexInformer _nodes;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public ServiceLbController(ControllerContext context, ICloudProvider provider)
    {
        _client = context.Client;
        _events = context.Events;
        _loadBalancer = provider.LoadBalancer ?? throw new ArgumentException($"cloud provider {provider.Name} has no load balancers", nameof(provider));
        _logger = context.LoggerFactory.CreateLogger<ServiceLbController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _services = context.Informers.ForResource(Resource.Services);
        _nodes = context.Informers.ForResource(Resource.Nodes);
        _services.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = OnServiceChanged,
            OnUpdate = (_, s) => OnServiceChanged(s),
            OnDelete = OnServiceChanged,
        });
        _nodes.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = _ => EnqueueAllLoadBalancers(),
            OnUpdate = (old, node) =>
            {
                if (NodeFacts(old) != NodeFacts(node)) EnqueueAllLoadBalancers();
            },
            OnDelete = _ => EnqueueAllLoadBalancers(),
        });
    }

    public string Name => ControllerNames.ServiceLb;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_services, _nodes], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        if (_services.Store.Get(key) is not { } service)
            return;
        if (LoadBalancerServices.WantsLoadBalancer(service) && !ObjectMeta.IsBeingDeleted(service))
            await EnsureAsync(service, ct);
        else if (LoadBalancerServices.HasCleanupFinalizer(service) || HasIngress(service))
            await CleanUpAsync(service, ct);
    }

    private async Task EnsureAsync(JsonObject service, CancellationToken ct)
    {
        if (!LoadBalancerServices.HasCleanupFinalizer(service))
            service = await SetFinalizersAsync(service, [.. ObjectMeta.Finalizers(service), LoadBalancerServices.CleanupFinalizer], ct);
        var nodes = _nodes.Store.List().Where(LoadBalancerServices.IsEligibleNode).ToList();
        JsonObject status;
        try
        {
            status = await _loadBalancer.EnsureAsync(service, nodes, ct);
        }
        catch (LoadBalancerException e)
        {
            _events.Event(service, EventTypes.Warning, "SyncLoadBalancerFailed", $"Error syncing load balancer: failed to ensure load balancer: {e.Message}");
            throw;
        }
        if (JsonNode.DeepEquals(service["status"]?["loadBalancer"], status))
            return;
        _events.Event(service, EventTypes.Normal, "EnsuringLoadBalancer", "Ensuring load balancer");
        await PatchStatusAsync(service, status, ct);
        _events.Event(service, EventTypes.Normal, "EnsuredLoadBalancer", "Ensured load balancer");
        LogEnsured(_logger, $"{ObjectMeta.Namespace(service)}/{ObjectMeta.Name(service)}", status["ingress"]?.ToJsonString() ?? "[]");
    }

    private async Task CleanUpAsync(JsonObject service, CancellationToken ct)
    {
        _events.Event(service, EventTypes.Normal, "DeletingLoadBalancer", "Deleting load balancer");
        await _loadBalancer.EnsureDeletedAsync(service, ct);
        if (HasIngress(service))
            await PatchStatusAsync(service, new JsonObject { ["ingress"] = null }, ct);
        if (LoadBalancerServices.HasCleanupFinalizer(service))
            await SetFinalizersAsync(service, ObjectMeta.Finalizers(service).Where(f => f != LoadBalancerServices.CleanupFinalizer).ToList(), ct);
        _events.Event(service, EventTypes.Normal, "DeletedLoadBalancer", "Deleted load balancer");
    }

    /// <summary>Replaces the finalizer list, guarded by the resourceVersion so a concurrent change is not lost.</summary>
    private Task<JsonObject> SetFinalizersAsync(JsonObject service, IReadOnlyList<string> finalizers, CancellationToken ct)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = ObjectMeta.ResourceVersion(service),
                ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
            },
        };
        return _client.PatchAsync(Resource.Services, ObjectMeta.Namespace(service), ObjectMeta.Name(service)!, PatchType.Merge, patch, null, ct);
    }

    private Task<JsonObject> PatchStatusAsync(JsonObject service, JsonObject loadBalancer, CancellationToken ct)
    {
        // In a merge patch the ingress list replaces the old one whole, and a null ingress removes it.
        var patch = new JsonObject { ["status"] = new JsonObject { ["loadBalancer"] = loadBalancer.DeepClone() } };
        return _client.PatchAsync(Resource.Services, ObjectMeta.Namespace(service), ObjectMeta.Name(service)!, PatchType.Merge, patch,
            new PatchOptions { Subresource = "status" }, ct);
    }

    private void OnServiceChanged(JsonObject service)
    {
        if (LoadBalancerServices.WantsLoadBalancer(service) || LoadBalancerServices.HasCleanupFinalizer(service) || HasIngress(service))
            EnqueueAllLoadBalancers();
    }

    private void EnqueueAllLoadBalancers()
    {
        foreach (var service in _services.Store.List())
        {
            if (LoadBalancerServices.WantsLoadBalancer(service) || LoadBalancerServices.HasCleanupFinalizer(service))
                _queue.Add($"{ObjectMeta.Namespace(service)}/{ObjectMeta.Name(service)}");
        }
    }

    private static bool HasIngress(JsonObject service) => service["status"]?["loadBalancer"]?["ingress"] is JsonArray { Count: > 0 };

    /// <summary>What of a Node matters to load balancers: its addresses and its eligibility.</summary>
    private static string NodeFacts(JsonObject node) =>
        (node["status"]?["addresses"]?.ToJsonString() ?? "") + LoadBalancerServices.IsEligibleNode(node);

    [LoggerMessage(EventId = 10801, Level = LogLevel.Information, Message = "Load balancer of {Service} at {Ingress}")]
    private static partial void LogEnsured(ILogger logger, string service, string ingress);
}
