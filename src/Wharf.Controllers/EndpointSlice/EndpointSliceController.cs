using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Controllers.Endpoints;

namespace Wharf.Controllers.EndpointSlice;

/// <summary>
/// Keeps discovery.k8s.io/v1 EndpointSlices for every Service with a selector (upstream's EndpointSlice
/// controller): one endpoint per selected pod with an IP of the slice's address type, conditions
/// ready/serving/terminating, hostname, nodeName, zone from the node's topology label and a pod reference;
/// at most 100 endpoints per slice, slices grouped by the ports the pod resolves, owned by the Service (the
/// garbage collector removes them with it). Keys are service keys.
/// </summary>
public sealed partial class EndpointSliceController : IController
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    private readonly ISharedIndexInformer _services;
    private readonly ISharedIndexInformer _pods;
    private readonly ISharedIndexInformer _nodes;
    private readonly ISharedIndexInformer _slices;
    private readonly ManagedSlices _managed;
    private readonly WorkQueue<string> _queue;
    private readonly SliceTracker _tracker = new();
    private readonly SliceWriter _writer;
    private readonly SliceReconciler _reconciler;
    private readonly TriggerTimeTracker _triggerTimes = new();
    private readonly ILogger _logger;

    public EndpointSliceController(ControllerContext context, int maxEndpointsPerSlice = SliceReconciler.MaxEndpointsPerSlice)
    {
        _logger = context.LoggerFactory.CreateLogger<EndpointSliceController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _writer = new SliceWriter(context.Client, _tracker);
        _reconciler = new SliceReconciler(maxEndpointsPerSlice);
        _services = context.Informers.ForResource(Resource.Services);
        _services.AddEventHandler(ServiceKeyHandlers.OwnKey(_queue));
        _pods = context.Informers.ForResource(Resource.Pods);
        _pods.AddEventHandler(ServiceKeyHandlers.PodServices(_queue, _services));
        _nodes = context.Informers.ForResource(Resource.Nodes);
        _slices = context.Informers.ForResource(Resource.EndpointSlices);
        _managed = new ManagedSlices(_slices, EndpointSliceLabels.ControllerName);
        _slices.AddEventHandler(ServiceKeyHandlers.Slices(EnqueueServiceOf, slice =>
        {
            if (_managed.ServiceKey(slice) is not { } key) return;
            _tracker.ObservedDeletion(key, slice);
            _queue.Add(key);
        }));
    }

    public string Name => ControllerNames.EndpointSlice;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_services, _pods, _nodes, _slices], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, _) = CacheKeys.Split(key);
        var service = _services.Store.Get(key);
        if (service is null)
        {
            // The slices carry an owner reference to the service: the garbage collector removes them.
            _triggerTimes.Delete(key);
            _tracker.Forget(key);
            return;
        }
        if (ServiceSelector.IsExternalName(service) || ServiceSelector.Of(service) is not { } selector) return;

        var existing = _managed.Of(key);
        if (_tracker.IsStale(key, existing))
            throw new RequeueAfterException(TimeSpan.FromMilliseconds(100), "EndpointSlice informer cache is out of date");

        var pods = ServiceSelector.PodsOf(_pods.Store, service, selector).OrderBy(ObjectMeta.Name, StringComparer.Ordinal).ToList();
        var triggerTime = _triggerTimes.Compute(key, service, pods);
        var desired = new DesiredSlices();
        var addressTypes = AddressTypes(service);
        foreach (var pod in pods)
        {
            if (!PodEndpoints.ShouldBeInEndpoints(pod, includeTerminating: true)) continue;
            var ports = EndpointPorts(service, pod);
            foreach (var addressType in addressTypes)
            {
                if (PodEndpoints.IpOf(pod, addressType) is { } ip) desired.Add(addressType, ports, ToEndpoint(service, pod, ip));
            }
        }

        var labels = DesiredLabels(service);
        var plan = _reconciler.Plan(desired, existing,
            (addressType, ports) => NewSlice(service, addressType, ports, labels),
            slice => JsonNode.DeepEquals(slice["metadata"]?["labels"], labels),
            slice => ApplyMeta(slice, labels, triggerTime));
        if (plan.IsEmpty) return;
        await _writer.ApplyAsync(key, ns!, plan, allowCreate: !ObjectMeta.IsBeingDeleted(service), ct);
        LogSynced(_logger, key, plan.Create.Count, plan.Update.Count, plan.Delete.Count);
    }

    private JsonObject ToEndpoint(JsonObject service, JsonObject pod, string ip)
    {
        var serving = PodEndpoints.IsReady(pod);
        var terminating = PodEndpoints.IsTerminating(pod);
        var publishNotReady = service["spec"]?["publishNotReadyAddresses"] is JsonValue p && p.TryGetValue<bool>(out var b) && b;
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray(ip),
            // A terminating pod is never "ready" unless the service publishes not-ready addresses.
            ["conditions"] = new JsonObject { ["ready"] = publishNotReady || (serving && !terminating), ["serving"] = serving, ["terminating"] = terminating },
        };
        if (PodEndpoints.Hostname(pod, service) is { } hostname) endpoint["hostname"] = hostname;
        endpoint["targetRef"] = PodEndpoints.TargetRef(pod);
        if (PodEndpoints.NodeName(pod) is { } nodeName)
        {
            endpoint["nodeName"] = nodeName;
            if (_nodes.Store.Get(nodeName) is { } node && ObjectMeta.Label(node, ZoneLabel) is { Length: > 0 } zone) endpoint["zone"] = zone;
        }
        return endpoint;
    }

    /// <summary>The service's ports as this pod serves them; ports whose named target the pod lacks are left out.</summary>
    private static JsonArray EndpointPorts(JsonObject service, JsonObject pod)
    {
        var ports = new JsonArray();
        foreach (var servicePort in (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (PodEndpoints.FindPort(pod, servicePort) is not { } number) continue;
            var port = new JsonObject
            {
                ["name"] = servicePort["name"].Str() ?? "",
                ["port"] = number,
                ["protocol"] = servicePort["protocol"].Str() ?? "TCP",
            };
            if (servicePort["appProtocol"].Str() is { } appProtocol) port["appProtocol"] = appProtocol;
            ports.Add(port);
        }
        return ports;
    }

    private static IReadOnlyList<string> AddressTypes(JsonObject service)
    {
        var families = (service["spec"]?["ipFamilies"] as JsonArray ?? []).Select(f => f.Str()).OfType<string>().ToList();
        if (families.Count > 0) return families;
        return service["spec"]?["clusterIP"].Str() is { Length: > 0 } ip && ip != "None" ? [PodEndpoints.AddressFamily(ip)] : ["IPv4"];
    }

    private static JsonObject DesiredLabels(JsonObject service)
    {
        var labels = new JsonObject();
        foreach (var (name, value) in service["metadata"]?["labels"] as JsonObject ?? [])
        {
            if (name is EndpointSliceLabels.ServiceName or EndpointSliceLabels.ManagedBy or EndpointSliceLabels.Headless) continue;
            labels[name] = value?.DeepClone();
        }
        labels[EndpointSliceLabels.ServiceName] = ObjectMeta.Name(service);
        labels[EndpointSliceLabels.ManagedBy] = EndpointSliceLabels.ControllerName;
        if (ServiceSelector.IsHeadless(service)) labels[EndpointSliceLabels.Headless] = "";
        return labels;
    }

    private static JsonObject NewSlice(JsonObject service, string addressType, JsonArray ports, JsonObject labels) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["generateName"] = ObjectMeta.Name(service) + "-",
            ["namespace"] = ObjectMeta.Namespace(service),
            ["labels"] = labels.DeepClone(),
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Service",
                ["name"] = ObjectMeta.Name(service),
                ["uid"] = ObjectMeta.Uid(service),
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            }),
        },
        ["addressType"] = addressType,
        ["ports"] = ports,
    };

    private static void ApplyMeta(JsonObject slice, JsonObject labels, DateTimeOffset? triggerTime)
    {
        var meta = ObjectMeta.Metadata(slice);
        meta["labels"] = labels.DeepClone();
        var annotations = meta.Obj("annotations");
        if (triggerTime is { } t) annotations[TriggerTimeTracker.Annotation] = JsonHelpers.Timestamp(t);
        else annotations.Remove(TriggerTimeTracker.Annotation);
        if (annotations.Count == 0) meta.Remove("annotations");
    }

    private void EnqueueServiceOf(JsonObject slice)
    {
        if (_managed.ServiceKey(slice) is { } key) _queue.Add(key);
    }

    [LoggerMessage(EventId = 10711, Level = LogLevel.Debug, Message = "Synced slices of {Key}: {Created} created, {Updated} updated, {Deleted} deleted")]
    private static partial void LogSynced(ILogger logger, string key, int created, int updated, int deleted);
}
