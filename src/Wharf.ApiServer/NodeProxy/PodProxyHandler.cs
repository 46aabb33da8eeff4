using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>
/// <c>…/pods/[scheme:]NAME[:PORT]/proxy/PATH</c>: forwards any method with its body to the pod's IP and port, as
/// upstream's pod proxy does (straight from the API server, not through the kubelet); the port may be a number or
/// a container port's name, and defaults to the first declared container port.
/// </summary>
public sealed class PodProxyHandler(HttpMessageInvoker client)
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host", "Authorization",
        "Content-Length", "Content-Type",
    };

    public async Task ProxyAsync(HttpContext http, JsonObject pod, PodNameAndPort target, string path, CancellationToken cancellationToken)
    {
        var podIp = pod["status"].Str("podIP");
        if (string.IsNullOrEmpty(podIp))
            throw StatusErrors.ServiceUnavailable($"pod {target.Name} has no IP address yet");
        var port = ResolvePort(pod, target.Port);
        var scheme = target.Scheme.Length > 0 ? target.Scheme : "http";
        var uri = new Uri($"{scheme}://{podIp}:{port}{(path.Length == 0 ? "/" : path)}{http.Request.QueryString}");

        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), uri);
        if (http.Request.ContentLength > 0 || http.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            request.Content = new StreamContent(http.Request.Body);
            if (http.Request.ContentType is { } contentType)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var (name, values) in http.Request.Headers)
        {
            if (!NotForwarded.Contains(name))
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", http.Connection.RemoteIpAddress?.ToString());

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw StatusErrors.ServiceUnavailable($"error trying to reach service: {e.Message}");
        }
        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!NotForwarded.Contains(name) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    http.Response.Headers[name] = values.ToArray();
            }
            http.Response.Headers.Remove("Transfer-Encoding");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await body.CopyToAsync(http.Response.Body, cancellationToken);
        }
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
