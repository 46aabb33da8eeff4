using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Wharf.Hosting.Http;

/// <summary>
/// A listening socket that serves one short HTTP/1.1 exchange per connection (the response closes it), for the
/// health and metrics endpoints of components that have no ASP.NET Core host: a Kestrel host brings ~7 MB of code
/// and type data into a process for endpoints that a probe or a scraper reads every few seconds at most, and the
/// managed <see cref="HttpListener"/> cannot start while a client already waits in its backlog (its endpoint
/// constructor accepts and throws with the socket still bound; dotnet/corefx#35191), which a poller of a starting
/// process hits. Here a connection that arrives early waits in the backlog until the accept loop runs.
/// </summary>
public sealed class PlainHttpServer : IAsyncDisposable, IDisposable
{
    /// <summary>Answers one request; writes the whole response (for example with <see cref="HttpResponseWriter"/>).</summary>
    public delegate Task RequestHandler(HttpRequestHead request, Stream connection, CancellationToken cancellationToken);

    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly RequestHandler _handle;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _disposed;

    private PlainHttpServer(Socket listener, RequestHandler handle)
    {
        _listener = listener;
        _handle = handle;
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>The address actually bound (port 0 picks a free one).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Binds and starts accepting; throws <see cref="SocketException"/> when the address is taken.</summary>
    public static PlainHttpServer Start(IPEndPoint endpoint, RequestHandler handle)
    {
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
                listener.DualMode = true;
            listener.Bind(endpoint);
            listener.Listen(64);
            return new PlainHttpServer(listener, handle);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts serving, or logs and returns null when <paramref name="endpoint"/> is taken (say, another node agent
    /// on this host): the service that the endpoint describes matters more than the endpoint.
    /// </summary>
    public static PlainHttpServer? TryStart(IPEndPoint endpoint, RequestHandler handle, ILogger logger, string what)
    {
        try
        {
            return Start(endpoint, handle);
        }
        catch (SocketException e)
        {
            logger.LogWarning(e, "{What} endpoint not served on {Endpoint}", what, endpoint);
            return null;
        }
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (cancellationToken.IsCancellationRequested) return;
                continue; // a connection reset before it was accepted
            }
            _ = ServeAsync(connection, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ExchangeTimeout);
        await using var stream = new NetworkStream(connection, ownsSocket: true);
        try
        {
            HttpRequestHead? request;
            try
            {
                request = await HttpRequestHead.ReadAsync(stream, timeout.Token);
            }
            catch (InvalidDataException)
            {
                await HttpResponseWriter.WriteTextAsync(stream, 400, "Bad Request", "bad request\n", timeout.Token);
                return;
            }
            if (request is not null)
                await _handle(request, stream, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or was too slow; nothing to tell it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        _listener.Dispose();
        _accepting.ContinueWith(_ => _stop.Dispose(), TaskScheduler.Default);
    }
}
