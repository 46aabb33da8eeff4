using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.Endpoints;
using Wharf.Controllers.EndpointSlice;

namespace Wharf.Controllers.EndpointSliceMirroring;

/// <summary>
/// Mirrors the custom Endpoints of Services without a selector into EndpointSlices managed by
/// <c>endpointslicemirroring-controller.k8s.io</c> (upstream's mirroring controller): one slice per subset's port
/// set and address type, at most 1000 addresses per subset, labels and annotations copied, owned by the Endpoints.
/// Endpoints labelled skip-mirror or holding a leader-election record are not mirrored — except the API server's
/// own <c>kubernetes</c> endpoints, whose slice is written here as upstream's API server writes it. Keys are
/// Endpoints (= Service) keys.
/// </summary>
public sealed partial class EndpointSliceMirroringController : IController
{
    public const int MaxEndpointsPerSubset = 1000;
    public const string InvalidIPAddress = "InvalidIPAddress";
    public const string TooManyAddressesToMirror = "TooManyAddressesToMirror";
    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private readonly ISharedIndexInformer _endpoints;
    private readonly ISharedIndexInformer _services;
    private readonly ISharedIndexInformer _slices;
    private readonly ManagedSlices _managed;
    private readonly WorkQueue<string> _queue;
    private readonly SliceTracker _tracker = new();
    private readonly SliceWriter _writer;
    private readonly SliceReconciler _reconciler = new(MaxEndpointsPerSubset, placeholder: false);
    private readonly ApiServerSlice _apiServerSlice;
    private readonly IEventRecorder _events;
    private readonly ILogger _logger;

    public EndpointSliceMirroringController(ControllerContext context)
    {
        _events = context.Events;
        _logger = context.LoggerFactory.CreateLogger<EndpointSliceMirroringController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _writer = new SliceWriter(context.Client, _tracker);
        _apiServerSlice = new ApiServerSlice(context.Client);
        var enqueue = ServiceKeyHandlers.OwnKey(_queue);
        _endpoints = context.Informers.ForResource(Resource.Endpoints);
        _endpoints.AddEventHandler(enqueue);
        _services = context.Informers.ForResource(Resource.Services);
        _services.AddEventHandler(enqueue);
        _slices = context.Informers.ForResource(Resource.EndpointSlices);
        _managed = new ManagedSlices(_slices, EndpointSliceLabels.MirroringControllerName);
        _slices.AddEventHandler(ServiceKeyHandlers.Slices(EnqueueOwnerOf, slice =>
        {
            if (_managed.ServiceKey(slice) is { } key) _tracker.ObservedDeletion(key, slice);
            EnqueueOwnerOf(slice);
        }));
    }

    public string Name => ControllerNames.EndpointSliceMirroring;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_endpoints, _services, _slices], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, _) = CacheKeys.Split(key);
        var endpoints = _endpoints.Store.Get(key);
        var service = _services.Store.Get(key);
        var existing = _managed.Of(key);

        if (endpoints is not null && ApiServerSlice.Is(key) && IsSkipMirror(endpoints))
        {
            await _apiServerSlice.SyncAsync(endpoints, _slices.Store.Get(ApiServerSlice.Namespace, ApiServerSlice.ServiceName), ct);
            await DeleteAllAsync(key, ns!, existing, ct);
            return;
        }
        if (endpoints is null || service is null || ServiceSelector.Of(service) is not null || !ShouldMirror(endpoints))
        {
            await DeleteAllAsync(key, ns!, existing, ct);
            return;
        }
        if (_tracker.IsStale(key, existing))
            throw new RequeueAfterException(TimeSpan.FromMilliseconds(100), "EndpointSlice informer cache is out of date");

        var desired = Desired(endpoints);
        var labels = DesiredLabels(endpoints);
        var annotations = DesiredAnnotations(endpoints);
        var plan = _reconciler.Plan(desired, existing,
            (addressType, ports) => NewSlice(endpoints, addressType, ports),
            slice => JsonNode.DeepEquals(slice["metadata"]?["labels"], labels)
                && JsonNode.DeepEquals(slice["metadata"]?["annotations"] as JsonObject ?? [], annotations),
            slice =>
            {
                slice["metadata"]!["labels"] = labels.DeepClone();
                slice["metadata"]!["annotations"] = annotations.DeepClone();
            });
        if (plan.IsEmpty) return;
        await _writer.ApplyAsync(key, ns!, plan, allowCreate: !ObjectMeta.IsBeingDeleted(endpoints), ct);
        LogSynced(_logger, key, plan.Create.Count, plan.Update.Count, plan.Delete.Count);
    }

    private DesiredSlices Desired(JsonObject endpoints)
    {
        var desired = new DesiredSlices();
        int invalid = 0, skipped = 0;
        foreach (var subset in (endpoints["subsets"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var ports = new JsonArray((subset["ports"] as JsonArray ?? []).Select(p =>
            {
                var port = new JsonObject { ["name"] = p?["name"].Str() ?? "", ["port"] = p?["port"]?.DeepClone(), ["protocol"] = p?["protocol"].Str() ?? "TCP" };
                if (p?["appProtocol"].Str() is { } appProtocol) port["appProtocol"] = appProtocol;
                return (JsonNode)port;
            }).ToArray());
            var added = 0;
            var all = (subset["addresses"] as JsonArray ?? []).Select(a => (Address: a, Ready: true))
                .Concat((subset["notReadyAddresses"] as JsonArray ?? []).Select(a => (Address: a, Ready: false))).ToList();
            foreach (var (address, ready) in all)
            {
                if (added >= MaxEndpointsPerSubset) break;
                if (!IPAddress.TryParse(address?["ip"].Str(), out var ip))
                {
                    invalid++;
                    continue;
                }
                var endpoint = new JsonObject
                {
                    ["addresses"] = new JsonArray(ip.ToString()),
                    ["conditions"] = new JsonObject { ["ready"] = ready },
                };
                if (address?["hostname"].Str() is { Length: > 0 } hostname) endpoint["hostname"] = hostname;
                if (address?["targetRef"] is JsonObject targetRef) endpoint["targetRef"] = targetRef.DeepClone();
                if (address?["nodeName"].Str() is { Length: > 0 } nodeName) endpoint["nodeName"] = nodeName;
                desired.Add(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4", ports, endpoint);
                added++;
            }
            skipped += all.Count - added;
        }
        if (invalid > 0)
            _events.Event(endpoints, EventTypes.Warning, InvalidIPAddress, $"Skipped {invalid} invalid IP addresses when mirroring to EndpointSlices");
        if (skipped > invalid)
            _events.Event(endpoints, EventTypes.Warning, TooManyAddressesToMirror,
                $"A max of {MaxEndpointsPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. {skipped} addresses were skipped");
        return desired;
    }

    private async Task DeleteAllAsync(string key, string ns, IReadOnlyList<JsonObject> slices, CancellationToken ct)
    {
        if (slices.Count == 0) return;
        var plan = new SlicePlan();
        plan.Delete.AddRange(slices);
        await _writer.ApplyAsync(key, ns, plan, allowCreate: false, ct);
    }

    private static bool IsSkipMirror(JsonObject endpoints) => ObjectMeta.Label(endpoints, EndpointSliceLabels.SkipMirror) == "true";

    private static bool ShouldMirror(JsonObject endpoints) =>
        !IsSkipMirror(endpoints) && ObjectMeta.Annotation(endpoints, EndpointsController.LeaderAnnotation) is null;

    private static JsonObject DesiredLabels(JsonObject endpoints)
    {
        var labels = (endpoints["metadata"]?["labels"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        labels[EndpointSliceLabels.ServiceName] = ObjectMeta.Name(endpoints);
        labels[EndpointSliceLabels.ManagedBy] = EndpointSliceLabels.MirroringControllerName;
        return labels;
    }

    private static JsonObject DesiredAnnotations(JsonObject endpoints)
    {
        var annotations = (endpoints["metadata"]?["annotations"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        annotations.Remove(TriggerTimeTracker.Annotation);
        annotations.Remove(LastAppliedAnnotation);
        return annotations;
    }

    private static JsonObject NewSlice(JsonObject endpoints, string addressType, JsonArray ports) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["generateName"] = ObjectMeta.Name(endpoints) + "-",
            ["namespace"] = ObjectMeta.Namespace(endpoints),
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Endpoints",
                ["name"] = ObjectMeta.Name(endpoints),
                ["uid"] = ObjectMeta.Uid(endpoints),
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            }),
        },
        ["addressType"] = addressType,
        ["ports"] = ports,
    };

    private void EnqueueOwnerOf(JsonObject slice)
    {
        if (_managed.ServiceKey(slice) is { } key) _queue.Add(key);
        else if (ObjectMeta.Namespace(slice) == ApiServerSlice.Namespace && ObjectMeta.Name(slice) == ApiServerSlice.ServiceName)
            _queue.Add(CacheKeys.For(ApiServerSlice.Namespace, ApiServerSlice.ServiceName));
    }

    [LoggerMessage(EventId = 10721, Level = LogLevel.Debug, Message = "Mirrored {Key}: {Created} slices created, {Updated} updated, {Deleted} deleted")]
    private static partial void LogSynced(ILogger logger, string key, int created, int updated, int deleted);
}
