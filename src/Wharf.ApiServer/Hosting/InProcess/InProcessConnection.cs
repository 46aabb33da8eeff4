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
    private readonly IDisposable _registration;

    public InProcessConnection(LoopbackConnections loopback)
    {
        var id = "in-process-" + Interlocked.Increment(ref _lastId);
        // No Unix-socket connection has addresses either: the request looks the same to the server's code.
        Feature = new HttpConnectionFeature { ConnectionId = id };
        // Registered as the socket's connections are, and removed when the client is disposed (at once: a disposed
        // client's identity must not outlive it).
        _registration = loopback.Open(id);
    }

    public IHttpConnectionFeature Feature { get; }

    public void Dispose() => _registration.Dispose();
}
