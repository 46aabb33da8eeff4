using System.Net;
using System.Net.Sockets;

namespace Wharf.Node.Tests.Streaming;

/// <summary>Two connected loopback TCP streams: a real, buffered duplex transport for protocol tests.</summary>
internal static class LoopbackPair
{
    public static async Task<(NetworkStream A, NetworkStream B)> CreateAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient { NoDelay = true };
        var accept = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await accept;
        server.NoDelay = true;
        return (client.GetStream(), server.GetStream());
    }
}
