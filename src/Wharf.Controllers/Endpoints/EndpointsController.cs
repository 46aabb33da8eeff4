using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;

namespace Wharf.Controllers.Endpoints;

/// <summary>
/// Keeps the core/v1 Endpoints of every Service with a selector equal to its selected pods (upstream's endpoints
/// controller): ready and not-ready addresses, named target ports resolved per pod, hostnames, node names and pod
/// references, the last-change trigger time, the 1000-address cap. Services without a selector (the
/// <c>kubernetes</c> service among them) are left alone; Endpoints of deleted services are removed. Keys are
/// service keys.
/// </summary>
public sealed partial class EndpointsController : IController
{
    public const string HeadlessLabel = "service.kubernetes.io/headless";
    public const string LeaderAnnotation = "control-plane.alpha.kubernetes.io/leader";
    public const string FailedToCreateEndpoint = "FailedToCreateEndpoint";
    public const string FailedToUpdateEndpoint = "FailedToUpdateEndpoint";

    private readonly ISharedIndexInformer _services;
    private readonly ISharedIndexInformer _pods;
    private readonly ISharedIndexInformer _endpoints;
    private readonly WorkQueue<string> _queue;
    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly TriggerTimeTracker _triggerTimes = new();
    private readonly ILogger _logger;

    public EndpointsController(ControllerContext context)
    {
        _client = context.Client;
        _events = context.Events;
        _logger = context.LoggerFactory.CreateLogger<EndpointsController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _services = context.Informers.ForResource(Resource.Services);
        _services.AddEventHandler(ServiceKeyHandlers.OwnKey(_queue));
        _pods = context.Informers.ForResource(Resource.Pods);
        _pods.AddEventHandler(ServiceKeyHandlers.PodServices(_queue, _services));
        _endpoints = context.Informers.ForResource(Resource.Endpoints);
        _endpoints.AddEventHandler(new ResourceEventHandler { OnDelete = e => _queue.Add(CacheKeys.For(e)) });
    }

    public string Name => ControllerNames.Endpoints;

    public Task RunAsync(int workers, CancellationToken ct)
    {
        _ = Task.Run(() => EnqueueLeftoversAsync(ct), CancellationToken.None);
        return QueueWorkers.RunAsync(Name, [_services, _pods, _endpoints], _queue, SyncAsync, workers, _logger, ct);
    }

    /// <summary>
    /// Once at start: Endpoints whose service went away while no controller ran get looked at (and deleted). Only
    /// then, so that Endpoints created just before their selectorless Service are not taken for leftovers.
    /// </summary>
    private async Task EnqueueLeftoversAsync(CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(_endpoints.WaitForSyncAsync(ct), _services.WaitForSyncAsync(ct));
        }
        catch (OperationCanceledException)
        {
            return;
        }
        foreach (var endpoints in _endpoints.Store.List())
        {
            if (ObjectMeta.Annotation(endpoints, LeaderAnnotation) is null) _queue.Add(CacheKeys.For(endpoints));
        }
    }

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = CacheKeys.Split(key);
        var service = _services.Store.Get(key);
        if (service is null)
        {
            _triggerTimes.Delete(key);
            try
            {
                await _client.DeleteAsync(Resource.Endpoints, ns, name, null, ct);
            }
            catch (ApiException e) when (e.IsNotFound)
            {
            }
            return;
        }
        if (ServiceSelector.IsExternalName(service) || ServiceSelector.Of(service) is not { } selector) return;

        var pods = ServiceSelector.PodsOf(_pods.Store, service, selector).ToList();
        var triggerTime = _triggerTimes.Compute(key, service, pods);
        var subsets = BuildSubsets(service, pods);
        var truncated = EndpointsTruncation.Truncate(subsets);
        var labels = DesiredLabels(service);

        var current = _endpoints.Store.Get(key);
        if (current is not null
            && JsonNode.DeepEquals(current["subsets"] as JsonArray ?? [], subsets)
            && JsonNode.DeepEquals(current["metadata"]?["labels"] as JsonObject ?? [], labels)
            && (ObjectMeta.Annotation(current, EndpointsTruncation.OverCapacityAnnotation) == EndpointsTruncation.Truncated) == truncated)
            return;

        var desired = current?.DeepClone().AsObject() ?? new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        desired["subsets"] = subsets;
        var meta = ObjectMeta.Metadata(desired);
        meta["labels"] = labels;
        var annotations = meta.Obj("annotations");
        if (triggerTime is { } t) annotations[TriggerTimeTracker.Annotation] = JsonHelpers.Timestamp(t);
        else annotations.Remove(TriggerTimeTracker.Annotation);
        if (truncated) annotations[EndpointsTruncation.OverCapacityAnnotation] = EndpointsTruncation.Truncated;
        else annotations.Remove(EndpointsTruncation.OverCapacityAnnotation);

        try
        {
            if (current is null) await _client.CreateAsync(Resource.Endpoints, ns, desired, ct);
            else await _client.UpdateAsync(Resource.Endpoints, desired, ct);
        }
        catch (ApiException e) when (current is null && e.HasCause("NamespaceTerminating"))
        {
            // The namespace is going away: creates will keep failing, and nothing needs the endpoints any more.
        }
        catch (ApiException e) when (!e.IsConflict && !e.IsAlreadyExists)
        {
            _events.Event(service, EventTypes.Warning, current is null ? FailedToCreateEndpoint : FailedToUpdateEndpoint,
                $"Failed to {(current is null ? "create" : "update")} endpoint {key}: {e.Message}");
            throw;
        }
        LogSynced(_logger, key);
    }

    private static JsonArray BuildSubsets(JsonObject service, IReadOnlyList<JsonObject> pods)
    {
        var tolerateUnready = service["spec"]?["publishNotReadyAddresses"] is JsonValue p && p.TryGetValue<bool>(out var b) && b;
        var ports = (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var builder = new SubsetBuilder();
        foreach (var pod in pods)
        {
            if (!PodEndpoints.ShouldBeInEndpoints(pod, tolerateUnready)) continue;
            if (PodEndpoints.IpOf(pod, AddressFamily(service, pod)) is not { } ip) continue;
            var address = new JsonObject { ["ip"] = ip };
            if (PodEndpoints.Hostname(pod, service) is { } hostname) address["hostname"] = hostname;
            if (PodEndpoints.NodeName(pod) is { } node) address["nodeName"] = node;
            address["targetRef"] = PodEndpoints.TargetRef(pod);
            var ready = tolerateUnready || PodEndpoints.IsReady(pod);

            if (ports.Count == 0 && ServiceSelector.IsHeadless(service))
            {
                builder.Add(address, ready, null);
                continue;
            }
            foreach (var servicePort in ports)
            {
                // A pod without the named port is simply not an endpoint of that port.
                if (PodEndpoints.FindPort(pod, servicePort) is not { } number) continue;
                var port = new JsonObject();
                if (servicePort["name"].Str() is { Length: > 0 } portName) port["name"] = portName;
                port["port"] = number;
                port["protocol"] = servicePort["protocol"].Str() ?? "TCP";
                if (servicePort["appProtocol"].Str() is { } appProtocol) port["appProtocol"] = appProtocol;
                builder.Add(address, ready, port);
            }
        }
        return builder.Build();
    }

    /// <summary>The service's first IP family, else its cluster IP's, else (headless) the pod's first IP's.</summary>
    private static string AddressFamily(JsonObject service, JsonObject pod)
    {
        if ((service["spec"]?["ipFamilies"] as JsonArray)?.FirstOrDefault().Str() is { } family) return family;
        if (service["spec"]?["clusterIP"].Str() is { Length: > 0 } ip && ip != "None") return PodEndpoints.AddressFamily(ip);
        return PodEndpoints.Ips(pod) is [var first, ..] ? PodEndpoints.AddressFamily(first) : "IPv4";
    }

    private static JsonObject DesiredLabels(JsonObject service)
    {
        var labels = (service["metadata"]?["labels"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        if (ServiceSelector.IsHeadless(service)) labels[HeadlessLabel] = "";
        else labels.Remove(HeadlessLabel);
        return labels;
    }

    [LoggerMessage(EventId = 10701, Level = LogLevel.Debug, Message = "Wrote endpoints of service {Key}")]
    private static partial void LogSynced(ILogger logger, string key);
}
