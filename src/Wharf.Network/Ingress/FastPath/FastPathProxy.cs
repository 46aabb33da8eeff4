using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.Metrics;
using Wharf.Network.Ingress.Routing;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// Kestrel connection middleware for the plain HTTP listener that proxies simple HTTP/1.1 requests itself, on the
/// connection's own pipes and pooled keep-alive backend sockets: no HttpContext, no HttpRequestMessage, no header
/// collections, one pass over the bytes each way. That halves the CPU a proxied request costs. The first request it
/// does not serve (a body, an upgrade, an escaped path, no route, no endpoint, a TLS redirect, anything malformed)
/// hands the connection with that request unread to Kestrel's HTTP pipeline and the YARP handler, which serve it and
/// the rest of the connection with the full behaviour.
/// </summary>
internal sealed class FastPathProxy : IDisposable
{
    private readonly ConcurrentDictionary<ProxyConnection, byte> _connections = new();
    private readonly Lock _sweeperLock = new();
    private Timer? _sweeper;
    private bool _disposed;

    public FastPathProxy(IngressState state, Func<IngressBackend, BackendTarget> resolve, EndpointHealth health, IngressMetrics metrics, int httpsPort, TimeSpan connectTimeout, ILogger logger)
    {
        State = state;
        Resolve = resolve;
        Health = health;
        Metrics = metrics;
        HttpsPort = httpsPort;
        Logger = logger;
        Pool = new UpstreamPool(connectTimeout);
    }

    public IngressState State { get; }

    /// <summary>The ready endpoints of a backend (<see cref="BackendResolver.Resolve"/>).</summary>
    public Func<IngressBackend, BackendTarget> Resolve { get; }

    public EndpointHealth Health { get; }

    public IngressMetrics Metrics { get; }

    public int HttpsPort { get; }

    public ILogger Logger { get; }

    public UpstreamPool Pool { get; }

    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => new ProxyConnection(this, connection).RunAsync(next);

    public void Track(ProxyConnection connection)
    {
        _connections.TryAdd(connection, 0);
        // Started with the first connection, so a listener that never bound (port taken, retried) leaves no timer behind.
        if (_sweeper is null)
        {
            lock (_sweeperLock)
                if (!_disposed) _sweeper ??= new Timer(_ => Sweep(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    public void Untrack(ProxyConnection connection) => _connections.TryRemove(connection, out _);

    /// <summary>Once a second: connections past their deadline are aborted, long-idle backend connections closed.</summary>
    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var connection in _connections.Keys) connection.AbortIfExpired(now);
        Pool.CloseIdle(now);
    }

    public void Dispose()
    {
        lock (_sweeperLock)
        {
            _disposed = true;
            _sweeper?.Dispose();
        }
        Pool.Dispose();
    }
}
