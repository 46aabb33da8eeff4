using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>Finds a node's kubelet endpoint from its Node object, preferring the InternalIP as upstream's default does.</summary>
public sealed class KubeletLocator(ResourceStore store, Func<ResourceCatalog> catalog)
{
    private const int DefaultPort = 10250;
    private static readonly string[] AddressPreference = ["InternalIP", "InternalDNS", "Hostname", "ExternalIP", "ExternalDNS"];

    public async Task<KubeletEndpoint> LocateAsync(string nodeName, CancellationToken cancellationToken)
    {
        var nodes = catalog().Find("", "v1", "nodes") ?? throw StatusErrors.Internal("the nodes resource is not registered");
        var node = await store.GetAsync(nodes, null, nodeName, cancellationToken);
        var addresses = (node["status"]?["addresses"] as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>().ToList();
        var host = AddressPreference
            .Select(type => addresses.FirstOrDefault(a => a.Str("type") == type).Str("address"))
            .FirstOrDefault(a => !string.IsNullOrEmpty(a))
            ?? throw StatusErrors.ServiceUnavailable($"node {nodeName} reports no address to reach its kubelet at");
        var port = node["status"]?["daemonEndpoints"]?["kubeletEndpoint"]?["Port"].Long() is { } p and > 0 and < 65536 ? (int)p : DefaultPort;
        return new KubeletEndpoint(nodeName, host, port);
    }
}
