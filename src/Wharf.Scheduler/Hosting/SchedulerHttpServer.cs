using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Hosting.Http;

namespace Wharf.Scheduler.Hosting;

/// <summary>
/// The standalone scheduler's own endpoint, as kube-scheduler serves on --secure-port: <c>/metrics</c> (the same
/// text the server's /metrics carries for the built-in scheduler) and <c>/healthz</c>, <c>/livez</c>,
/// <c>/readyz</c>. Plain HTTP on the given address: unlike upstream there is no TLS or delegated authentication, so
/// the default address is loopback. <c>/readyz</c> fails until the scheduler's informers have handed over their
/// initial lists (upstream's sched-handler-sync check), so that a client can tell when scheduling starts.
/// </summary>
/// <remarks>
/// Served by the shared <see cref="PlainHttpServer"/> (one short HTTP/1.1 exchange per connection), not
/// <see cref="HttpListener"/>, which cannot start while a client already waits in its backlog: a benchmark polling
/// /readyz of a starting scheduler killed it ("Address already in use" on every retry).
/// </remarks>
public sealed class SchedulerHttpServer : IAsyncDisposable
{
    /// <summary>What kube-scheduler's /readyz answers while its handlers have not synced.</summary>
    private const string NotSynced = "[-]sched-handler-sync failed: reason withheld\nreadyz check failed\n";
    private const string PlainText = "text/plain; charset=utf-8";

    private readonly Action<TextWriter> _writeMetrics;
    private readonly Func<bool> _isReady;
    private PlainHttpServer? _server;

    private SchedulerHttpServer(Action<TextWriter> writeMetrics, Func<bool> isReady)
    {
        _writeMetrics = writeMetrics;
        _isReady = isReady;
    }

    /// <summary>Where a local client reaches the endpoint.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// Starts listening now (throws <see cref="SocketException"/> if the port is taken) and serves until disposed;
    /// <paramref name="isReady"/> (default: always) decides <c>/readyz</c>.
    /// </summary>
    public static SchedulerHttpServer Start(string bindAddress, int port, Action<TextWriter> writeMetrics, Func<bool>? isReady = null)
    {
        var address = ParseAddress(bindAddress);
        var local = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : address;
        var host = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
        var endpoint = new SchedulerHttpServer(writeMetrics, isReady ?? (() => true));
        endpoint._server = PlainHttpServer.Start(new IPEndPoint(address, port), endpoint.HandleAsync);
        endpoint.BaseAddress = new Uri($"http://{host}:{endpoint._server.Endpoint.Port}/");
        return endpoint;
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>kube-scheduler's --bind-address: an IP literal, "localhost", or empty for every address.</summary>
    private static IPAddress ParseAddress(string bindAddress) => bindAddress switch
    {
        "" or "0.0.0.0" => IPAddress.Any,
        "::" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.Parse(bindAddress.Trim('[', ']')),
    };

    private Task HandleAsync(HttpRequestHead request, Stream connection, CancellationToken cancellationToken)
    {
        var (status, reason, contentType, body) = Answer(request);
        return HttpResponseWriter.WriteBodyAsync(connection, status, reason, contentType, Encoding.UTF8.GetBytes(body), cancellationToken,
            headOnly: request.Method == "HEAD");
    }

    private (int Status, string Reason, string ContentType, string Body) Answer(HttpRequestHead request) => (request.Method, request.Path) switch
    {
        ("GET" or "HEAD", "/metrics") => (200, "OK", SchedulerHost.MetricsContentType, Metrics()),
        ("GET" or "HEAD", "/readyz") when !_isReady() => (500, "Internal Server Error", PlainText, NotSynced),
        ("GET" or "HEAD", "/healthz" or "/livez" or "/readyz") => (200, "OK", PlainText, "ok"),
        ("GET" or "HEAD", _) => (404, "Not Found", PlainText, "404 page not found\n"),
        _ => (405, "Method Not Allowed", PlainText, "method not allowed\n"),
    };

    private string Metrics()
    {
        using var writer = new StringWriter { NewLine = "\n" };
        _writeMetrics(writer);
        return writer.ToString();
    }
}
