using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Cloud.Local;

/// <summary>
/// k3s' ServiceLB without its pods: a LoadBalancer Service's address is every eligible node's address, and each
/// node's service proxy serves the service's ports there (and on 127.0.0.1). One port and protocol can serve one
/// service only: the service that holds it first keeps it, a later one is refused until it is free. Reserved TCP ports
/// (port → who holds it) belong to the node's own components and are never given out.
/// </summary>
internal sealed class NodePortLoadBalancer(ISharedIndexInformer services, IReadOnlyDictionary<int, string> reservedTcpPorts) : ILoadBalancer
{
    public Task<JsonObject> EnsureAsync(JsonObject service, IReadOnlyList<JsonObject> nodes, CancellationToken ct)
    {
        if (FirstTakenPort(service) is { } taken)
            throw new LoadBalancerException($"port {taken.Port}/{taken.Protocol} is already used by {taken.Holder}");
        var addresses = nodes.Select(NodeAddress).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        if (addresses.Count == 0)
            throw new LoadBalancerException("no ready node can serve the load balancer");
        var ingress = new JsonArray(addresses.Select(a => (JsonNode)new JsonObject { ["ip"] = a, ["ipMode"] = "VIP" }).ToArray());
        return Task.FromResult(new JsonObject { ["ingress"] = ingress });
    }

    /// <summary>Nothing is allocated outside the Service itself: its status going away frees its ports.</summary>
    public Task EnsureDeletedAsync(JsonObject service, CancellationToken ct) => Task.CompletedTask;

    private (long Port, string Protocol, string Holder)? FirstTakenPort(JsonObject service)
    {
        foreach (var (port, protocol) in Ports(service))
        {
            if (protocol == "TCP" && reservedTcpPorts.TryGetValue((int)port, out var holder))
                return (port, protocol, holder);
        }
        var uid = ObjectMeta.Uid(service);
        var holders = services.Store.List()
            .Where(other => ObjectMeta.Uid(other) != uid && HoldsPorts(other) && ComesBefore(other, service))
            .ToList();
        foreach (var port in Ports(service))
        {
            var holder = holders.FirstOrDefault(h => Ports(h).Contains(port));
            if (holder is not null)
                return (port.Port, port.Protocol, $"service {ObjectMeta.Namespace(holder)}/{ObjectMeta.Name(holder)}");
        }
        return null;
    }

    /// <summary>A LoadBalancer service of this provider that is served already or would be before this one.</summary>
    private static bool HoldsPorts(JsonObject service) =>
        ServiceLb.LoadBalancerServices.WantsLoadBalancer(service) && !ObjectMeta.IsBeingDeleted(service);

    /// <summary>Served ones first; among the rest, the older (then the smaller name) wins, so two pending ones agree.</summary>
    private static bool ComesBefore(JsonObject other, JsonObject service)
    {
        var otherServed = IsServed(other);
        if (otherServed != IsServed(service)) return otherServed;
        var created = string.CompareOrdinal(other["metadata"]?["creationTimestamp"].Str(), service["metadata"]?["creationTimestamp"].Str());
        if (created != 0) return created < 0;
        return string.CompareOrdinal($"{ObjectMeta.Namespace(other)}/{ObjectMeta.Name(other)}", $"{ObjectMeta.Namespace(service)}/{ObjectMeta.Name(service)}") < 0;
    }

    private static bool IsServed(JsonObject service) => service["status"]?["loadBalancer"]?["ingress"] is JsonArray { Count: > 0 };

    private static HashSet<(long Port, string Protocol)> Ports(JsonObject service) =>
        (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => (p["port"].Long() ?? 0, p["protocol"].Str() ?? "TCP")).ToHashSet();

    /// <summary>An ExternalIP when the node has one, else its InternalIP, as k3s' ServiceLB reports.</summary>
    private static string? NodeAddress(JsonObject node)
    {
        var addresses = (node["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return addresses.FirstOrDefault(a => a["type"].Str() == "ExternalIP")?["address"].Str()
            ?? addresses.FirstOrDefault(a => a["type"].Str() == "InternalIP")?["address"].Str();
    }
}
