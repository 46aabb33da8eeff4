using System.Collections.Concurrent;
using Wharf.Network.Ingress.Backends;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// Idle keep-alive connections per backend endpoint, newest first (the warmest, and least likely to have been
/// closed by the backend's idle timeout). A connection idle for more than a second is checked before reuse; one idle
/// longer than <see cref="IdleTimeout"/> is closed by <see cref="CloseIdle"/>.
/// </summary>
internal sealed class UpstreamPool(TimeSpan connectTimeout) : IDisposable
{
    /// <summary>As SocketsHttpHandler's PooledConnectionIdleTimeout.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(1);

    private const int MaxIdlePerEndpoint = 1024;
    private const long CheckAfterIdleMs = 1000;

    private readonly ConcurrentDictionary<string, Stack<UpstreamConnection>> _idle = new();
    private bool _disposed;

    /// <summary>An idle connection to <paramref name="destination"/>, or null when there is none.</summary>
    public UpstreamConnection? TakeIdle(Destination destination)
    {
        if (!_idle.TryGetValue(destination.Endpoint, out var stack)) return null;
        while (true)
        {
            UpstreamConnection? connection;
            lock (stack)
                if (!stack.TryPop(out connection)) return null;
            if (Environment.TickCount64 - connection.IdleSince < CheckAfterIdleMs || connection.LooksAlive()) return connection;
            connection.Dispose();
        }
    }

    public ValueTask<UpstreamConnection> ConnectAsync(Destination destination, CancellationToken ct) =>
        UpstreamConnection.ConnectAsync(destination.Address, connectTimeout, ct);

    public void Return(Destination destination, UpstreamConnection connection)
    {
        connection.Reused = true;
        connection.IdleSince = Environment.TickCount64;
        var stack = _idle.GetOrAdd(destination.Endpoint, _ => new Stack<UpstreamConnection>());
        lock (stack)
        {
            if (!_disposed && stack.Count < MaxIdlePerEndpoint)
            {
                stack.Push(connection);
                return;
            }
        }
        connection.Dispose();
    }

    /// <summary>Closes connections idle since before <paramref name="now"/> minus <see cref="IdleTimeout"/>.</summary>
    public void CloseIdle(long now)
    {
        foreach (var stack in _idle.Values)
        {
            List<UpstreamConnection>? stale = null;
            lock (stack)
            {
                // Oldest at the bottom: keep the fresh ones in their order.
                var all = stack.ToArray();
                if (all.Length == 0 || now - all[^1].IdleSince < (long)IdleTimeout.TotalMilliseconds) continue;
                stack.Clear();
                for (var i = all.Length - 1; i >= 0; i--)
                {
                    if (now - all[i].IdleSince >= (long)IdleTimeout.TotalMilliseconds) (stale ??= []).Add(all[i]);
                    else stack.Push(all[i]);
                }
            }
            stale?.ForEach(c => c.Dispose());
        }
    }

    public void Dispose()
    {
        foreach (var stack in _idle.Values)
        {
            lock (stack)
            {
                _disposed = true;
                while (stack.TryPop(out var connection)) connection.Dispose();
            }
        }
    }
}
