using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Wharf.ApiServer.Authentication;

namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// What one in-process client is to the server: a connection, registered with <see cref="LoopbackConnections"/> as
/// the loopback socket's connections are, so its requests are the server's own (system:apiserver), until disposed.
/// </summary>
internal sealed class InProcessConnection : IDisposable
{
    private static long _lastId;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InProcessConnection(LoopbackConnections loopback)
    {
        var id = "in-process-" + Interlocked.Increment(ref _lastId);
        // No Unix-socket connection has addresses either: the request looks the same to the server's code.
        Feature = new HttpConnectionFeature { ConnectionId = id };
        // The tracking middleware registers the connection before it awaits the rest, and removes it when that
        // ends: here, when the client is disposed.
        _ = loopback.Track(_ => _closed.Task)(new DefaultConnectionContext(id));
    }

    public IHttpConnectionFeature Feature { get; }

    public void Dispose() => _closed.TrySetResult();
}
