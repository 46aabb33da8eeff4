using System.Net;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Wharf.Network.Dns;

/// <summary>
/// Serves one DNS server's registry at /metrics, as CoreDNS's prometheus plugin does on :9153. A port already taken
/// (another node agent on this host) is logged, not fatal: DNS matters more than its metrics.
/// </summary>
internal sealed class DnsMetricsServer : IDisposable
{
    private readonly KestrelMetricServer? _server;

    public DnsMetricsServer(IPAddress address, int port, CollectorRegistry registry, ILogger logger)
    {
        if (port == 0) return;
        try
        {
            _server = new KestrelMetricServer(address.ToString(), port, "/metrics", registry);
            _server.Start();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            logger.LogWarning(e, "DNS metrics not served on {Address}:{Port}", address, port);
            _server = null;
        }
    }

    public void Dispose() => _server?.Dispose();
}
