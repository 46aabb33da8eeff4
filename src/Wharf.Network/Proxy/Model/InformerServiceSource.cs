using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;

namespace Wharf.Network.Proxy.Model;

/// <summary>
/// Reads Services, EndpointSlices and this node's Node from shared informers, and reports which service a change
/// touched so a sync rebuilds only that one.
/// </summary>
internal sealed class InformerServiceSource : IProxyServiceSource
{
    private const string SliceByService = "proxy.service";
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly IIndexer _services;
    private readonly IIndexer _slices;
    private readonly IIndexer _nodes;
    private readonly string _nodeName;

    private InformerServiceSource(IIndexer services, IIndexer slices, IIndexer nodes, string nodeName)
    {
        _services = services;
        _slices = slices;
        _nodes = nodes;
        _nodeName = nodeName;
    }

    /// <summary>
    /// Creates the informers (not started) and calls <paramref name="serviceChanged"/> with a service key on every
    /// change of it or its slices, and <paramref name="nodeChanged"/> when this node's object changes.
    /// </summary>
    public static InformerServiceSource Create(SharedInformerFactory informers, string nodeName, Action<string> serviceChanged, Action nodeChanged)
    {
        var services = informers.ForResource(Resource.Services);
        var slices = informers.ForResource(Resource.EndpointSlices);
        var nodes = informers.ForResource(Resource.Nodes);
        slices.AddIndexer(SliceByService, slice => OwnerKey(slice) is { } key ? [key] : []);

        services.AddEventHandler(Handler(svc => CacheKeys.For(svc), serviceChanged));
        slices.AddEventHandler(Handler(OwnerKey, serviceChanged));
        nodes.AddEventHandler(Handler(node => ObjectMeta.Name(node) == nodeName ? nodeName : null, _ => nodeChanged()));
        return new InformerServiceSource(services.Store, slices.Store, nodes.Store, nodeName);
    }

    public IReadOnlyList<string> ServiceKeys() => _services.ListKeys();

    public ProxyService? Read(string key)
    {
        var (ns, name) = CacheKeys.Split(key);
        return _services.Get(ns, name) is { } service ? ServiceReader.Read(service, _slices.ByIndex(SliceByService, key)) : null;
    }

    public IReadOnlyList<IPAddress> NodeAddresses()
    {
        var result = new List<IPAddress>();
        if (_nodes.Get(_nodeName) is not { } node) return result;
        foreach (var address in (node["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var type = address["type"]?.GetValue<string>();
            if (type is not ("InternalIP" or "ExternalIP")) continue;
            if (IPAddress.TryParse(address["address"]?.GetValue<string>(), out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)
                result.Add(ip);
        }
        return result;
    }

    private static string? OwnerKey(JsonObject slice) =>
        ObjectMeta.Namespace(slice) is { } ns && ObjectMeta.Label(slice, ServiceNameLabel) is { } name ? CacheKeys.For(ns, name) : null;

    private static ResourceEventHandler Handler(Func<JsonObject, string?> key, Action<string> changed) => new()
    {
        OnAdd = obj => Notify(key(obj), changed),
        OnUpdate = (old, obj) =>
        {
            // A slice moved to another service (label edit) changes both.
            Notify(key(old), changed);
            Notify(key(obj), changed);
        },
        OnDelete = obj => Notify(key(obj), changed),
    };

    private static void Notify(string? key, Action<string> changed)
    {
        if (key is not null) changed(key);
    }
}
