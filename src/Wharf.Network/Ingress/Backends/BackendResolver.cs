using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Network.Ingress.Routing;

namespace Wharf.Network.Ingress.Backends;

/// <summary>
/// Turns a service backend into the ready pod endpoints of its EndpointSlices (straight to pods, no cluster IP), or,
/// for an ExternalName Service, into its external name (resolved by the host's resolver when the forwarder connects,
/// as ingress-nginx proxies to such names). Results are cached until a Service or EndpointSlice changes, so the
/// request path does no JSON walking.
/// </summary>
internal sealed class BackendResolver
{
    private const string SliceByService = "ingress.service";
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly IIndexer _services;
    private readonly IIndexer _slices;
    private volatile ConcurrentDictionary<IngressBackend, BackendTarget> _cache = new();

    private BackendResolver(IIndexer services, IIndexer slices)
    {
        _services = services;
        _slices = slices;
    }

    /// <summary>Registers the slice index and the invalidation handlers on the (not yet started) informers.</summary>
    public static BackendResolver Create(SharedInformerFactory informers)
    {
        var services = informers.ForResource(Resource.Services);
        var slices = informers.ForResource(Resource.EndpointSlices);
        slices.AddIndexer(SliceByService, slice =>
            ObjectMeta.Namespace(slice) is { } ns && ObjectMeta.Label(slice, ServiceNameLabel) is { } name ? [CacheKeys.For(ns, name)] : []);
        var resolver = new BackendResolver(services.Store, slices.Store);
        var invalidate = new ResourceEventHandler
        {
            OnAdd = _ => resolver.Invalidate(),
            OnUpdate = (_, _) => resolver.Invalidate(),
            OnDelete = _ => resolver.Invalidate(),
        };
        services.AddEventHandler(invalidate);
        slices.AddEventHandler(invalidate);
        return resolver;
    }

    public void Invalidate() => _cache = new ConcurrentDictionary<IngressBackend, BackendTarget>();

    public BackendTarget Resolve(IngressBackend backend) => _cache.GetOrAdd(backend, Compute);

    private BackendTarget Compute(IngressBackend backend)
    {
        if (_services.Get(backend.Namespace, backend.Service) is not { } service) return BackendTarget.Failed(BackendState.ServiceNotFound);
        if (Str(service["spec"]?["type"]) == "ExternalName") return ExternalName(service, backend);
        if (ServicePortName(service, backend) is not { } portName) return BackendTarget.Failed(BackendState.PortNotFound);

        var seen = new HashSet<string>();
        var destinations = new List<Destination>();
        foreach (var slice in _slices.ByIndex(SliceByService, CacheKeys.For(backend.Namespace, backend.Service)))
        {
            // The slice port carrying the service port's name holds the target port (resolved per pod by the controller).
            var port = (slice["ports"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(p => (Str(p["name"]) ?? "") == portName)?["port"];
            if (port is not JsonValue value || !value.TryGetValue<int>(out var number)) continue;
            foreach (var endpoint in (slice["endpoints"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                // An absent ready condition means ready, as the EndpointSlice API defines it.
                if (endpoint["conditions"]?["ready"] is JsonValue ready && ready.TryGetValue<bool>(out var isReady) && !isReady) continue;
                foreach (var address in (endpoint["addresses"] as JsonArray)?.Select(Str).OfType<string>() ?? [])
                {
                    var destination = Destination.For(address, number);
                    if (seen.Add(destination.Endpoint)) destinations.Add(destination);
                }
            }
        }
        return new BackendTarget(destinations.Count > 0 ? BackendState.Ready : BackendState.NoEndpoints, destinations);
    }

    /// <summary>
    /// The external name on the backend's port number; a port given by name takes the number of the Service port of
    /// that name (an ExternalName Service has no endpoints to hold a target port).
    /// </summary>
    private static BackendTarget ExternalName(JsonObject service, IngressBackend backend)
    {
        if (Str(service["spec"]?["externalName"])?.TrimEnd('.') is not { Length: > 0 } name) return BackendTarget.Failed(BackendState.NoEndpoints);
        var port = backend.PortNumber ?? (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>()
            .Where(p => Str(p["name"]) == backend.PortName)
            .Select(p => p["port"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null)
            .FirstOrDefault();
        return port is { } number ? new BackendTarget(BackendState.Ready, [Destination.For(name, number)]) : BackendTarget.Failed(BackendState.PortNotFound);
    }

    /// <summary>The name ("" when unnamed) of the service port the backend refers to, or null when there is none.</summary>
    private static string? ServicePortName(JsonObject service, IngressBackend backend)
    {
        foreach (var port in (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = Str(port["name"]) ?? "";
            var matches = backend.PortNumber is { } number
                ? port["port"] is JsonValue v && v.TryGetValue<int>(out var n) && n == number
                : name == backend.PortName;
            if (matches) return name;
        }
        return null;
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
