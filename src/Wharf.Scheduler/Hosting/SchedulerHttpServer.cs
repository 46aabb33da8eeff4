using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Scheduler.Hosting;

/// <summary>
/// The standalone scheduler's own endpoint, as kube-scheduler serves on --secure-port: <c>/metrics</c> (the same
/// text the server's /metrics carries for the built-in scheduler) and <c>/healthz</c>, <c>/livez</c>,
/// <c>/readyz</c>. Plain HTTP on the given address: unlike upstream there is no TLS or delegated authentication, so
/// the default address is loopback. <c>/readyz</c> fails until the scheduler's informers have handed over their
/// initial lists (upstream's sched-handler-sync check), so that a client can tell when scheduling starts.
/// </summary>
/// <remarks>
/// A listening socket and one short HTTP/1.1 exchange per connection (Connection: close), not
/// <see cref="HttpListener"/>: the managed HttpListener (Linux) accepts inside its endpoint's constructor, and a
/// client already waiting in the backlog makes that constructor throw (dotnet/corefx#35191) with its socket still
/// bound, so neither that start nor a retry on the same port can succeed. A benchmark polling /readyz of a starting
/// scheduler hit it (the process died with ArgumentNullException, then "Address already in use" on the retry).
/// Here a connection that arrives early simply waits in the backlog until the accept loop runs.
/// </remarks>
public sealed class SchedulerHttpServer : IAsyncDisposable
{
    /// <summary>What kube-scheduler's /readyz answers while its handlers have not synced.</summary>
    private const string NotSynced = "[-]sched-handler-sync failed: reason withheld\nreadyz check failed\n";
    private const int MaxHead = 8192;
    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly Action<TextWriter> _writeMetrics;
    private readonly Func<bool> _isReady;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _serving = Task.CompletedTask;

    private SchedulerHttpServer(Socket socket, Uri baseAddress, Action<TextWriter> writeMetrics, Func<bool> isReady, ILogger logger)
    {
        _socket = socket;
        BaseAddress = baseAddress;
        _writeMetrics = writeMetrics;
        _isReady = isReady;
        _logger = logger;
    }

    /// <summary>Where a local client reaches the endpoint.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Starts listening now (throws <see cref="SocketException"/> if the port is taken) and serves until disposed;
    /// <paramref name="isReady"/> (default: always) decides <c>/readyz</c>.
    /// </summary>
    public static SchedulerHttpServer Start(string bindAddress, int port, Action<TextWriter> writeMetrics, ILogger? logger = null, Func<bool>? isReady = null)
    {
        var address = ParseAddress(bindAddress);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(64);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var local = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : address;
        var host = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
        var server = new SchedulerHttpServer(socket, new Uri($"http://{host}:{((IPEndPoint)socket.LocalEndPoint!).Port}/"), writeMetrics,
            isReady ?? (() => true), logger ?? NullLogger.Instance);
        server._serving = Task.Run(server.ServeAsync);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <summary>kube-scheduler's --bind-address: an IP literal, "localhost", or empty for every address.</summary>
    private static IPAddress ParseAddress(string bindAddress) => bindAddress switch
    {
        "" or "0.0.0.0" => IPAddress.Any,
        "::" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.Parse(bindAddress.Trim('[', ']')),
    };

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return; // closed
            }
            _ = Task.Run(() => ExchangeAsync(connection));
        }
    }

    private async Task ExchangeAsync(Socket connection)
    {
        using (connection)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            timeout.CancelAfter(ExchangeTimeout);
            try
            {
                var buffer = new byte[MaxHead];
                var received = 0;
                int headLength;
                while ((headLength = HttpRequestHead.HeadLength(buffer.AsSpan(0, received))) < 0)
                {
                    if (received == buffer.Length) { await SendAsync(connection, 431, "text/plain; charset=utf-8", "request header too large\n", false, timeout.Token).ConfigureAwait(false); return; }
                    var n = await connection.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (n == 0) return;
                    received += n;
                }
                if (HttpRequestHead.Parse(buffer.AsSpan(0, headLength)) is not { } request)
                {
                    await SendAsync(connection, 400, "text/plain; charset=utf-8", "bad request\n", false, timeout.Token).ConfigureAwait(false);
                    return;
                }
                var (status, contentType, body) = Answer(request);
                await SendAsync(connection, status, contentType, body, request.Method == "HEAD", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                _logger.HttpAnswerFailed(e);
            }
        }
    }

    private (int Status, string ContentType, string Body) Answer(HttpRequestHead request) => (request.Method, request.Path) switch
    {
        ("GET" or "HEAD", "/metrics") => (200, SchedulerHost.MetricsContentType, Metrics()),
        ("GET" or "HEAD", "/readyz") when !_isReady() => (500, "text/plain; charset=utf-8", NotSynced),
        ("GET" or "HEAD", "/healthz" or "/livez" or "/readyz") => (200, "text/plain; charset=utf-8", "ok"),
        ("GET" or "HEAD", _) => (404, "text/plain; charset=utf-8", "404 page not found\n"),
        _ => (405, "text/plain; charset=utf-8", "method not allowed\n"),
    };

    private static async Task SendAsync(Socket connection, int status, string contentType, string body, bool headOnly, CancellationToken ct)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
        await connection.SendAsync(head, SocketFlags.None, ct).ConfigureAwait(false);
        if (!headOnly) await connection.SendAsync(content, SocketFlags.None, ct).ConfigureAwait(false);
        connection.Shutdown(SocketShutdown.Send);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    };

    private string Metrics()
    {
        using var writer = new StringWriter { NewLine = "\n" };
        _writeMetrics(writer);
        return writer.ToString();
    }
}
