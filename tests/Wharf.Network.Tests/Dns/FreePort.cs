using System.Net;
using System.Net.Sockets;

namespace Wharf.Network.Tests.Dns;

/// <summary>A loopback port free for both UDP and TCP at the time of asking.</summary>
internal static class FreePort
{
    public static int Next()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                tcp.Stop();
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }
}
