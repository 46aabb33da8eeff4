using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Scheduler.Hosting;

/// <summary>
/// The standalone scheduler's own endpoint, as kube-scheduler serves on --secure-port: <c>/metrics</c> (the same
/// text the server's /metrics carries for the built-in scheduler) and <c>/healthz</c>, <c>/livez</c>,
/// <c>/readyz</c>. Plain HTTP on the given address: unlike upstream there is no TLS or delegated authentication, so
/// the default address is loopback.
/// </summary>
public sealed class SchedulerHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Action<TextWriter> _writeMetrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _serving = Task.CompletedTask;

    private SchedulerHttpServer(string bindAddress, int port, Action<TextWriter> writeMetrics, ILogger logger)
    {
        _writeMetrics = writeMetrics;
        _logger = logger;
        // HttpListener spells "every address" as "+"; a literal 0.0.0.0 prefix would match no request's Host.
        var host = bindAddress is "0.0.0.0" or "::" or "" ? "+" : bindAddress.Contains(':') ? $"[{bindAddress}]" : bindAddress;
        _listener.Prefixes.Add($"http://{host}:{port}/");
        BaseAddress = new Uri($"http://{(host == "+" ? "127.0.0.1" : host)}:{port}/");
    }

    /// <summary>Where a local client reaches the endpoint.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts listening now (throws if the port is taken) and serves until disposed.</summary>
    public static SchedulerHttpServer Start(string bindAddress, int port, Action<TextWriter> writeMetrics, ILogger? logger = null)
    {
        var server = new SchedulerHttpServer(bindAddress, port, writeMetrics, logger ?? NullLogger.Instance);
        server._listener.Start();
        server._serving = Task.Run(server.ServeAsync);
        return server;
    }

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
