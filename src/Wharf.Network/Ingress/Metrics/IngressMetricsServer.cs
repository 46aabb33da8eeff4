using Microsoft.Extensions.Logging;
using Prometheus;

namespace Wharf.Network.Ingress.Metrics;

/// <summary>
/// <c>/metrics</c> on a port of the controller's own (<see cref="IngressOptions.MetricsEndpoint"/>), for a host that
/// does not serve <see cref="IngressMetrics"/> itself. A port already taken is logged, not fatal: routing matters more.
/// </summary>
internal sealed class IngressMetricsServer : IDisposable
{
    private readonly KestrelMetricServer? _server;

    public IngressMetricsServer(IngressOptions options, ILogger logger)
    {
        if (options.MetricsEndpoint is not { } endpoint) return;
        try
        {
            _server = new KestrelMetricServer(endpoint.Address.ToString(), endpoint.Port, "metrics/", options.Metrics.Registry);
            _server.Start();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            Log.MetricsNotServed(logger, e, endpoint.ToString());
            _server = null;
        }
    }

    public void Dispose() => _server?.Dispose();
}
