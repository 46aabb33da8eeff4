using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>
/// <c>…/pods/[scheme:]NAME[:PORT]/proxy/PATH</c>: the pod's IP and port, as upstream's pod proxy finds them
/// (straight from the API server, not through the kubelet); the port may be a number or a container port's name,
/// and defaults to the first declared container port.
/// </summary>
public sealed class PodProxyHandler(BackendHttpForwarder forwarder)
{
    public Task ProxyAsync(HttpContext http, JsonObject pod, PodNameAndPort target, string path, CancellationToken cancellationToken)
    {
        var podIp = pod["status"].Str("podIP");
        if (string.IsNullOrEmpty(podIp))
            throw StatusErrors.ServiceUnavailable($"pod {target.Name} has no IP address yet");
        var port = ResolvePort(pod, target.Port);
        var scheme = target.Scheme.Length > 0 ? target.Scheme : "http";
        return forwarder.ForwardAsync(http, ProxyTarget.Uri(scheme, podIp, port, path, http), cancellationToken);
    }

    private static int ResolvePort(JsonObject pod, string port)
    {
        var ports = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(c => (c["ports"] as JsonArray ?? []).OfType<JsonObject>()).ToList();
        if (port.Length == 0)
            return ports.Select(p => p["containerPort"].Long()).FirstOrDefault(p => p is > 0) is { } first ? (int)first : 80;
        if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536)
            return number;
        return ports.FirstOrDefault(p => p.Str("name") == port)?["containerPort"].Long() is { } named
            ? (int)named
            : throw StatusErrors.BadRequest($"no such port {port} in pod {pod["metadata"].Str("name")}");
    }
}
