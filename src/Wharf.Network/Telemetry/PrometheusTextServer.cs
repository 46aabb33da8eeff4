using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Prometheus;

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

    private const int MaxRequestHead = 8 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly CollectorRegistry _registry;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private PrometheusTextServer(Socket listener, CollectorRegistry registry)
    {
        _listener = listener;
        _registry = registry;
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>The address actually bound (port 0 picks a free one).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Binds and starts accepting; throws <see cref="SocketException"/> when the address is taken.</summary>
    public static PrometheusTextServer Start(IPEndPoint endpoint, CollectorRegistry registry)
    {
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(16);
            return new PrometheusTextServer(listener, registry);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts serving, or logs and returns null when <paramref name="endpoint"/> is taken (another node agent on
    /// this host): the service the metrics describe matters more than its metrics.
    /// </summary>
    public static PrometheusTextServer? TryStart(IPEndPoint endpoint, CollectorRegistry registry, ILogger logger, string what)
    {
        try
        {
            return Start(endpoint, registry);
        }
        catch (SocketException e)
        {
            logger.LogWarning(e, "{What} metrics not served on {Endpoint}", what, endpoint);
            return null;
        }
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (ct.IsCancellationRequested) return;
                continue;
            }
            _ = ServeAsync(connection, ct);
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        await using var stream = new NetworkStream(connection, ownsSocket: true);
        try
        {
            var target = await ReadRequestTargetAsync(stream, timeout.Token);
            if (target is null)
                await WriteAsync(stream, "400 Bad Request", "text/plain", "bad request\n"u8.ToArray(), timeout.Token);
            else if (target.Value.Method is not ("GET" or "HEAD"))
                await WriteAsync(stream, "405 Method Not Allowed", "text/plain", "method not allowed\n"u8.ToArray(), timeout.Token);
            else if (PathOf(target.Value.Target) != "/metrics")
                await WriteAsync(stream, "404 Not Found", "text/plain", "not found\n"u8.ToArray(), timeout.Token);
            else
            {
                using var body = new MemoryStream();
                await _registry.CollectAndExportAsTextAsync(body, timeout.Token);
                await WriteAsync(stream, "200 OK", ContentType, body.ToArray(), timeout.Token, headOnly: target.Value.Method == "HEAD");
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The scraper went away or was too slow; nothing to tell it.
        }
    }

    /// <summary>Reads the request head (up to the blank line) and returns its method and target, or null if malformed.</summary>
    internal static async Task<(string Method, string Target)?> ReadRequestTargetAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestHead];
        var length = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0) return null;
            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0) break;
            if (length == buffer.Length) return null;
        }
        var head = buffer.AsSpan(0, length);
        var line = Encoding.ASCII.GetString(head[..head.IndexOf("\r\n"u8)]);
        var parts = line.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal)) return null;
        return (parts[0], parts[1]);
    }

    private static string PathOf(string target)
    {
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    private static async Task WriteAsync(Stream stream, string status, string contentType, byte[] body, CancellationToken ct, bool headOnly = false)
    {
        var head = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        if (!headOnly)
            await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _accepting.ContinueWith(_ => _stop.Dispose(), TaskScheduler.Default);
    }
}
