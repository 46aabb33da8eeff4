using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Wharf.ApiServer.Authentication;

/// <summary>
/// The connections open on the loopback Unix socket, by Kestrel's connection id. Kestrel does not hand a
/// connection's end points to the request (only IP addresses, which a Unix socket has none of), so the socket's
/// listener registers each connection it accepts, and the authenticator asks here.
/// </summary>
public sealed class LoopbackConnections
{
    private readonly ConcurrentDictionary<string, byte> _open = new(StringComparer.Ordinal);

    /// <summary>Connection middleware for the loopback listener only: registers a connection while it is open.</summary>
    public ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
    {
        using var _ = Open(connection.ConnectionId);
        await next(connection);
    };

    /// <summary>
    /// Registers a connection that is not a socket's (an in-process client) until the returned handle is disposed:
    /// gone when Dispose returns, not on a later continuation.
    /// </summary>
    public IDisposable Open(string connectionId)
    {
        _open[connectionId] = 0;
        return new Registration(this, connectionId);
    }

    private sealed class Registration(LoopbackConnections owner, string connectionId) : IDisposable
    {
        public void Dispose() => owner._open.TryRemove(connectionId, out _);
    }

    /// <summary>Whether the request came in on a connection the loopback listener accepted.</summary>
    public bool Contains(HttpContext context) =>
        !_open.IsEmpty && context.Connection.Id is { Length: > 0 } id && _open.ContainsKey(id);
}
