using System.Net;
using System.Net.Sockets;

namespace Wharf.Bench.Processes;

/// <summary>Asks the kernel for an unused loopback port. Racy by nature: a start that loses the race fails loudly.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
