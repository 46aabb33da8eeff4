using System.Net;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;

namespace Wharf.Network.Dns;

/// <summary>
/// Reads services and EndpointSlices from the informer caches with the indexes DNS needs: slices by owning service,
/// services by cluster IP and slices by endpoint address (the last two for PTR).
/// </summary>
internal sealed class ClusterRecordSource
{
    private const string SliceByService = "dns.service";
    private const string ServiceByIp = "dns.clusterIP";
    private const string SliceByAddress = "dns.address";
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly IIndexer _services;
    private readonly IIndexer _slices;

    private ClusterRecordSource(IIndexer services, IIndexer slices)
    {
        _services = services;
        _slices = slices;
    }

    /// <summary>Creates the informers (not started) and registers the indexes.</summary>
    public static ClusterRecordSource Create(SharedInformerFactory informers)
    {
        var services = informers.ForResource(Resource.Services);
        var slices = informers.ForResource(Resource.EndpointSlices);
        services.AddIndexer(ServiceByIp, svc => ClusterIps(svc).Select(ip => ip.ToString()));
        slices.AddIndexer(SliceByService, slice =>
            ObjectMeta.Namespace(slice) is { } ns && ObjectMeta.Label(slice, ServiceNameLabel) is { } name ? [CacheKeys.For(ns, name)] : []);
        slices.AddIndexer(SliceByAddress, slice => Endpoints(slice).SelectMany(e => Addresses(e)).Select(ip => ip.ToString()).Distinct());
        return new ClusterRecordSource(services.Store, slices.Store);
    }

    public JsonObject? Service(string ns, string name) => _services.Get(ns, name);

    public IReadOnlyList<JsonObject> ServicesWithClusterIp(IPAddress address) => _services.ByIndex(ServiceByIp, address.ToString());

    /// <summary>Ready endpoints of a service (all of them when it publishes not-ready addresses), deduplicated by address.</summary>
    public IReadOnlyList<ServiceEndpoint> ReadyEndpoints(JsonObject service)
    {
        var publishNotReady = service["spec"]?["publishNotReadyAddresses"]?.GetValue<bool>() == true;
        var seen = new HashSet<IPAddress>();
        var result = new List<ServiceEndpoint>();
        foreach (var slice in SlicesOf(service))
        {
            foreach (var endpoint in Endpoints(slice))
            {
                // An absent ready condition means ready, as the EndpointSlice API defines it.
                var ready = endpoint["conditions"]?["ready"]?.GetValue<bool>() ?? true;
                if (!ready && !publishNotReady) continue;
                var hostname = endpoint["hostname"]?.GetValue<string>()?.ToLowerInvariant();
                foreach (var address in Addresses(endpoint))
                    if (seen.Add(address)) result.Add(new ServiceEndpoint(address, hostname));
            }
        }
        return result;
    }

    /// <summary>Named ports of the slices of a service (a headless service's SRV targets are its endpoints).</summary>
    public IReadOnlyList<ServicePort> SlicePorts(JsonObject service) =>
        SlicesOf(service).SelectMany(s => Ports(s["ports"] as JsonArray)).Distinct().ToList();

    /// <summary>Services and endpoint hostnames whose addresses include <paramref name="address"/>.</summary>
    public IEnumerable<(JsonObject Service, ServiceEndpoint Endpoint)> HostnamedEndpointsAt(IPAddress address)
    {
        foreach (var slice in _slices.ByIndex(SliceByAddress, address.ToString()))
        {
            if (ObjectMeta.Namespace(slice) is not { } ns || ObjectMeta.Label(slice, ServiceNameLabel) is not { } name) continue;
            if (Service(ns, name) is not { } service) continue;
            foreach (var endpoint in ReadyEndpoints(service))
                if (endpoint.Hostname is not null && endpoint.Address.Equals(address))
                    yield return (service, endpoint);
        }
    }

    public static IEnumerable<IPAddress> ClusterIps(JsonObject service)
    {
        var spec = service["spec"];
        var ips = (spec?["clusterIPs"] as JsonArray)?.Select(n => n?.GetValue<string>()).ToList() ?? [];
        if (ips.Count == 0 && spec?["clusterIP"]?.GetValue<string>() is { } single) ips.Add(single);
        foreach (var ip in ips)
            if (ip is not null && IPAddress.TryParse(ip, out var address)) yield return address;
    }

    public static IEnumerable<ServicePort> Ports(JsonArray? ports)
    {
        foreach (var port in ports ?? [])
        {
            var name = port?["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name) || port?["port"] is not { } number) continue;
            yield return new ServicePort(name.ToLowerInvariant(), (port["protocol"]?.GetValue<string>() ?? "TCP").ToLowerInvariant(), number.GetValue<int>());
        }
    }

    private IReadOnlyList<JsonObject> SlicesOf(JsonObject service) =>
        _slices.ByIndex(SliceByService, CacheKeys.For(service));

    private static IEnumerable<JsonObject> Endpoints(JsonObject slice) =>
        (slice["endpoints"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static IEnumerable<IPAddress> Addresses(JsonObject endpoint)
    {
        foreach (var node in endpoint["addresses"] as JsonArray ?? [])
            if (node?.GetValue<string>() is { } text && IPAddress.TryParse(text, out var address)) yield return address;
    }
}
