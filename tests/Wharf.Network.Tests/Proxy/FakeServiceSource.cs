using System.Net;
using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Network.Proxy.Model;

namespace Wharf.Network.Tests.Proxy;

/// <summary>An in-memory cluster state for the syncer: services and slices set directly by the test.</summary>
internal sealed class FakeServiceSource : IProxyServiceSource
{
    private readonly Dictionary<string, JsonObject> _services = [];
    private readonly Dictionary<string, List<JsonObject>> _slices = [];

    public List<IPAddress> Node { get; } = [];

    /// <summary>Sets a service and replaces its slices; returns its key.</summary>
    public string Set(JsonObject service, params JsonObject[] slices)
    {
        var key = CacheKeys.For(service);
        _services[key] = service;
        _slices[key] = slices.ToList();
        return key;
    }

    public void Remove(string key)
    {
        _services.Remove(key);
        _slices.Remove(key);
    }

    public IReadOnlyList<string> ServiceKeys() => _services.Keys.ToList();

    public ProxyService? Read(string key) =>
        _services.TryGetValue(key, out var service) ? ServiceReader.Read(service, _slices.GetValueOrDefault(key) ?? []) : null;

    public IReadOnlyList<IPAddress> NodeAddresses() => Node;
}
