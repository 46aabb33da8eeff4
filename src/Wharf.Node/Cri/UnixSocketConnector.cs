using System.Net.Sockets;

namespace Wharf.Node.Cri;

/// <summary>The SocketsHttpHandler ConnectCallback that sends every HTTP/2 connection to one unix socket.</summary>
internal sealed class UnixSocketConnector(string socketPath)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
