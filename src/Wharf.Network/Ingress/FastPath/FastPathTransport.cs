using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>Kestrel's transport for <see cref="FastPathEndPoint"/>s; every other address goes to its socket transport.</summary>
internal sealed class FastPathTransport(FastPathProxy proxy, TimeSpan shutdownGrace) : IConnectionListenerFactory, IConnectionListenerFactorySelector, IDisposable
{
    // Connections handed over get Kestrel's own socket connection, scheduled inline as the rest of the ingress's.
    private readonly SocketConnectionContextFactory _contexts = new(new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true }, NullLogger.Instance);

    public bool CanBind(EndPoint endpoint) => endpoint is FastPathEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IConnectionListener>(FastPathListener.Bind((FastPathEndPoint)endpoint, proxy, _contexts, shutdownGrace));

    public void Dispose() => _contexts.Dispose();
}
