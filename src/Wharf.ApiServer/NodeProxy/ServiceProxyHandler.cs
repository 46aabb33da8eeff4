using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>
/// <c>…/services/[scheme:]NAME[:PORT]/proxy/PATH</c>: one endpoint of the service, picked at random as upstream's
/// service proxy does. PORT is a service port's name or number (a number is turned into that port's name, so an
/// unnamed single port matches); the address comes from the Endpoints object, so it reaches ready pods only.
/// </summary>
public sealed class ServiceProxyHandler(BackendHttpForwarder forwarder)
{
    public Task ProxyAsync(HttpContext http, JsonObject service, JsonObject? endpoints, PodNameAndPort target, string path, CancellationToken cancellationToken)
    {
        var name = target.Name;
        var scheme = target.Scheme.Length > 0 ? target.Scheme : "http";
        var portName = ServicePortName(service, target.Port, name);
        var (ip, port) = PickEndpoint(endpoints, portName) ?? throw StatusErrors.ServiceUnavailable($"no endpoints available for service \"{name}\"");
        return forwarder.ForwardAsync(http, ProxyTarget.Uri(scheme, ip, port, path, http), cancellationToken);
    }

    private static string ServicePortName(JsonObject service, string port, string name)
    {
        if (!long.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return port;
        var declared = (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => p["port"].Long() == number);
        return declared is null
            ? throw StatusErrors.ServiceUnavailable($"no service port {number} found for service \"{name}\"")
            : declared.Str("name") ?? "";
    }

    /// <summary>A random subset that serves the port, then a random ready address in it.</summary>
    private static (string Ip, int Port)? PickEndpoint(JsonObject? endpoints, string portName)
    {
        var subsets = (endpoints?["subsets"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var start = subsets.Count == 0 ? 0 : Random.Shared.Next(subsets.Count);
        for (var i = 0; i < subsets.Count; i++)
        {
            var subset = subsets[(start + i) % subsets.Count];
            var addresses = (subset["addresses"] as JsonArray ?? []).OfType<JsonObject>().Select(a => a.Str("ip")).OfType<string>().ToList();
            var port = (subset["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => (p.Str("name") ?? "") == portName)?["port"].Long();
            if (addresses.Count == 0 || port is null) continue;
            return (addresses[Random.Shared.Next(addresses.Count)], (int)port);
        }
        return null;
    }
}
