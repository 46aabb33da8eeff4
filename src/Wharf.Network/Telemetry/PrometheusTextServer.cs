using System.Net;
using Microsoft.Extensions.Logging;
using Prometheus;
using Wharf.Hosting.Http;

namespace Wharf.Network.Telemetry;

/// <summary>
/// Serves one registry's text exposition at <c>GET /metrics</c> over plain HTTP/1.x, one request per connection.
/// The node agent's DNS and proxy metrics ports used prometheus-net's <c>KestrelMetricServer</c>, which brings the
/// ASP.NET Core host (Kestrel, DI, hosting, QUIC) into a process that otherwise serves HTTP by hand: ~7 MB of
/// code and type data per agent for two endpoints that a scraper reads every few seconds at most.
/// </summary>
internal sealed class PrometheusTextServer : IDisposable
{
    /// <summary>The exposition format version Prometheus's text parser expects.</summary>
    internal const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly CollectorRegistry _registry;
    private PlainHttpServer? _server;

    private PrometheusTextServer(CollectorRegistry registry) => _registry = registry;

    /// <summary>The address actually bound (port 0 picks a free one).</summary>
    public IPEndPoint Endpoint => _server!.Endpoint;

    /// <summary>Binds and starts accepting; throws <see cref="System.Net.Sockets.SocketException"/> when the address is taken.</summary>
    public static PrometheusTextServer Start(IPEndPoint endpoint, CollectorRegistry registry)
    {
        var metrics = new PrometheusTextServer(registry);
        metrics._server = PlainHttpServer.Start(endpoint, metrics.HandleAsync);
        return metrics;
    }

    /// <summary>
    /// Starts serving, or logs and returns null when <paramref name="endpoint"/> is taken (another node agent on
    /// this host): the service the metrics describe matters more than its metrics.
    /// </summary>
    public static PrometheusTextServer? TryStart(IPEndPoint endpoint, CollectorRegistry registry, ILogger logger, string what)
    {
        var metrics = new PrometheusTextServer(registry);
        metrics._server = PlainHttpServer.TryStart(endpoint, metrics.HandleAsync, logger, $"{what} metrics");
        return metrics._server is null ? null : metrics;
    }

    private async Task HandleAsync(HttpRequestHead request, Stream connection, CancellationToken cancellationToken)
    {
        if (request.Method is not ("GET" or "HEAD"))
            await HttpResponseWriter.WriteTextAsync(connection, 405, "Method Not Allowed", "method not allowed\n", cancellationToken);
        else if (request.Path != "/metrics")
            await HttpResponseWriter.WriteTextAsync(connection, 404, "Not Found", "not found\n", cancellationToken);
        else
        {
            using var body = new MemoryStream();
            await _registry.CollectAndExportAsTextAsync(body, cancellationToken);
            await HttpResponseWriter.WriteBodyAsync(connection, 200, "OK", ContentType, body.GetBuffer().AsMemory(0, (int)body.Length),
                cancellationToken, headOnly: request.Method == "HEAD");
        }
    }

    public void Dispose() => _server?.Dispose();
}
