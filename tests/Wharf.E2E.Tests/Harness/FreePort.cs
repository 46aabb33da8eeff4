using System.Net;
using System.Net.Sockets;

namespace Wharf.E2E.Tests.Harness;

/// <summary>Asks the kernel for an unused loopback port. Racy by nature, so the server start retries on a clash.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
