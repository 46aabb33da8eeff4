using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.FastPath.Loop;
using Wharf.Network.Ingress.Metrics;
using Wharf.Network.Ingress.Routing;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// The plain HTTP listener's fast path: its own event loops, one per core, poll the client and backend sockets of
/// the connections it serves and do the parsing, forwarding and copying on the polling thread, as nginx's workers
/// do, with no thread-pool hop per request. Simple HTTP/1.1 requests are proxied there on pooled keep-alive backend
/// connections, with no HttpContext, HttpRequestMessage or header collections. The first request it does not serve
/// goes, with its connection, to Kestrel and the YARP handler (<see cref="FastPathListener"/>).
/// </summary>
internal sealed class FastPathProxy : IDisposable
{
    private readonly Lock _lock = new();
    private FastPathWorker[]? _workers;
    private int _next;
    private bool _disposed;

    public FastPathProxy(IngressState state, Func<IngressBackend, BackendTarget> resolve, EndpointHealth health, IngressMetrics metrics, int httpsPort, TimeSpan connectTimeout, ILogger logger)
    {
        State = state;
        Resolve = resolve;
        Health = health;
        Metrics = metrics;
        HttpsPort = httpsPort;
        ConnectTimeout = connectTimeout;
        Logger = logger;
    }

    public IngressState State { get; }

    /// <summary>The ready endpoints of a backend (<see cref="BackendResolver.Resolve"/>).</summary>
    public Func<IngressBackend, BackendTarget> Resolve { get; }

    public EndpointHealth Health { get; }

    public IngressMetrics Metrics { get; }

    public int HttpsPort { get; }

    public TimeSpan ConnectTimeout { get; }

    public ILogger Logger { get; }

    /// <summary>Client connections the loops serve now.</summary>
    public int Connections => _workers?.Sum(w => w.SessionCount) ?? 0;

    /// <summary>Serves an accepted connection on one of the loops, in turn; from any thread.</summary>
    public void Adopt(Socket socket, IHandOverTarget handOver)
    {
        var workers = Workers();
        if (workers is null)
        {
            socket.Dispose();
            return;
        }
        workers[(int)((uint)Interlocked.Increment(ref _next) % (uint)workers.Length)].Adopt(socket, handOver);
    }

    /// <summary>The server is stopping: requests in flight are answered with <c>Connection: close</c>, idle connections closed.</summary>
    public void BeginDrain()
    {
        if (_workers is { } workers)
            foreach (var worker in workers) worker.BeginDrain();
    }

    /// <summary>Waits until the loops serve no connection, or <paramref name="ct"/> fires.</summary>
    public async Task DrainedAsync(CancellationToken ct)
    {
        while (Connections > 0 && !ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Started with the first connection, so a listener that never bound leaves no thread behind.</summary>
    private FastPathWorker[]? Workers()
    {
        if (_workers is { } workers) return workers;
        lock (_lock)
        {
            if (_disposed) return null;
            return _workers ??= Enumerable.Range(0, Environment.ProcessorCount).Select(i => new FastPathWorker(this, i)).ToArray();
        }
    }

    /// <summary>Cuts what is still open and stops the loops.</summary>
    public void Dispose()
    {
        FastPathWorker[]? workers;
        lock (_lock)
        {
            _disposed = true;
            workers = _workers;
        }
        if (workers is null) return;
        foreach (var worker in workers) worker.Dispose();
    }
}
