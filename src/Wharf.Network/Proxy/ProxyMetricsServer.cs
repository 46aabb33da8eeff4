using System.Net;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Wharf.Network.Proxy;

/// <summary>
/// kube-proxy's metrics port (127.0.0.1:10249 by default): the process's default Prometheus registry, where the proxy
/// keeps its sync and rule metrics. A port already taken (another proxy on this host) is logged, not fatal.
/// </summary>
internal sealed class ProxyMetricsServer : IDisposable
{
    private readonly KestrelMetricServer? _server;

    public ProxyMetricsServer(IPEndPoint? bind, ILogger logger)
    {
        if (bind is null) return;
        try
        {
            _server = new KestrelMetricServer(bind.Address.ToString(), bind.Port);
            _server.Start();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            logger.LogWarning(e, "Proxy metrics not served on {Endpoint}", bind);
            _server = null;
        }
    }

    public void Dispose() => _server?.Dispose();
}
