using System.Text;
using System.Text.Json;

namespace Wharf.Network.Proxy.Health;

/// <summary>
/// The answer load balancers poll on a healthCheckNodePort: 200 while this node has a local endpoint, 503 otherwise,
/// with upstream kube-proxy's JSON body.
/// </summary>
internal static class HealthCheckResponse
{
    public static byte[] For(HealthCheckTarget target, bool proxyHealthy)
    {
        var body = JsonSerializer.Serialize(new
        {
            service = new { @namespace = target.Namespace, name = target.Name },
            localEndpoints = target.LocalEndpoints,
            serviceProxyHealthy = proxyHealthy,
        });
        var ok = target.LocalEndpoints > 0 && proxyHealthy;
        var head = $"HTTP/1.1 {(ok ? "200 OK" : "503 Service Unavailable")}\r\n" +
                   "Content-Type: application/json\r\n" +
                   "X-Content-Type-Options: nosniff\r\n" +
                   $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n" +
                   "Connection: close\r\n\r\n";
        return Encoding.UTF8.GetBytes(head + body);
    }
}
