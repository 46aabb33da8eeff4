using System.Net;
using System.Net.Sockets;

namespace Wharf.ApiServer.Tests.Support;

/// <summary>An HttpClient that reaches the API server's loopback Unix socket, speaking HTTP/2 cleartext only, as the in-process components do.</summary>
internal static class UnixSocketHttp
{
    public static HttpClient Create(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    {
        BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(20),
        DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
