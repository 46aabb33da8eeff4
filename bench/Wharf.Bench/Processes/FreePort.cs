using System.Net;
using System.Net.Sockets;

namespace Wharf.Bench.Processes;

/// <summary>
/// A free loopback port below Linux's ephemeral range (32768–60999). The benchmark polls the servers it starts
/// (/readyz) every few milliseconds while they start; with a port inside the ephemeral range one of those connects
/// can be given the port itself as its source port and connect to itself (TCP simultaneous open), which then holds
/// the port, and the server fails with "Address already in use" (seen in full-size scheduler runs). Still racy
/// against other processes: a start that loses the race fails loudly.
/// </summary>
internal static class FreePort
{
    private const int First = 20_000;
    private const int Last = 32_000;

    public static int Next()
    {
        var start = Random.Shared.Next(First, Last);
        for (var i = 0; i < Last - First; i++)
        {
            var port = First + (start - First + i) % (Last - First);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) { } // taken: try the next one
        }
        throw new InvalidOperationException($"no free loopback port in {First}-{Last}");
    }
}
