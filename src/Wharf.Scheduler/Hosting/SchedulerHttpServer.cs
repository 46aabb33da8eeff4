using System.Net;
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
public sealed class SchedulerHttpServer : IAsyncDisposable
{
    /// <summary>What kube-scheduler's /readyz answers while its handlers have not synced.</summary>
    private const string NotSynced = "[-]sched-handler-sync failed: reason withheld\nreadyz check failed\n";

    private readonly HttpListener _listener = new();
    private readonly Action<TextWriter> _writeMetrics;
    private readonly Func<bool> _isReady;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _serving = Task.CompletedTask;

    private SchedulerHttpServer(string bindAddress, int port, Action<TextWriter> writeMetrics, Func<bool> isReady, ILogger logger)
    {
        _writeMetrics = writeMetrics;
        _isReady = isReady;
        _logger = logger;
        // HttpListener spells "every address" as "+"; a literal 0.0.0.0 prefix would match no request's Host.
        var host = bindAddress is "0.0.0.0" or "::" or "" ? "+" : bindAddress.Contains(':') ? $"[{bindAddress}]" : bindAddress;
        _listener.Prefixes.Add($"http://{host}:{port}/");
        BaseAddress = new Uri($"http://{(host == "+" ? "127.0.0.1" : host)}:{port}/");
    }

    /// <summary>Where a local client reaches the endpoint.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Starts listening now (throws if the port is taken) and serves until disposed; <paramref name="isReady"/>
    /// (default: always) decides <c>/readyz</c>.
    /// </summary>
    public static SchedulerHttpServer Start(string bindAddress, int port, Action<TextWriter> writeMetrics, ILogger? logger = null, Func<bool>? isReady = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new SchedulerHttpServer(bindAddress, port, writeMetrics, isReady ?? (() => true), logger ?? NullLogger.Instance);
            try
            {
                server._listener.Start();
            }
            catch (ArgumentNullException) when (attempt < StartAttempts)
            {
                // The managed HttpListener (Linux) can fail its Start with an ArgumentNullException when a client
                // connects while its endpoint is being set up (dotnet/corefx#35191); a benchmark polling /readyz of a
                // starting scheduler hit it and the process died. A fresh listener on the same port goes through.
                server._listener.Close();
                Thread.Sleep(10);
                continue;
            }
            server._serving = Task.Run(server.ServeAsync);
            return server;
        }
    }

    private const int StartAttempts = 5;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }
            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var (status, contentType, body) = (context.Request.HttpMethod, context.Request.Url?.AbsolutePath) switch
            {
                ("GET" or "HEAD", "/metrics") => (200, SchedulerHost.MetricsContentType, Metrics()),
                ("GET" or "HEAD", "/readyz") when !_isReady() => (500, "text/plain; charset=utf-8", NotSynced),
                ("GET" or "HEAD", "/healthz" or "/livez" or "/readyz") => (200, "text/plain; charset=utf-8", "ok"),
                ("GET" or "HEAD", _) => (404, "text/plain; charset=utf-8", "404 page not found\n"),
                _ => (405, "text/plain; charset=utf-8", "method not allowed\n"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength64 = bytes.Length;
            if (context.Request.HttpMethod != "HEAD") response.OutputStream.Write(bytes);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            _logger.HttpAnswerFailed(e);
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }

    private string Metrics()
    {
        using var writer = new StringWriter { NewLine = "\n" };
        _writeMetrics(writer);
        return writer.ToString();
    }
}
