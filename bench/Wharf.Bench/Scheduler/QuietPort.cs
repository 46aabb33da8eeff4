using System.Net;
using System.Net.Sockets;

namespace Wharf.Bench.Scheduler;

/// <summary>
/// A free loopback port below Linux's ephemeral range (32768–60999) for the scheduler's /readyz. The benchmark polls
/// that port every few milliseconds while the scheduler starts; with a port inside the ephemeral range, one of those
/// connects can be given the port itself as its source port and connect to itself (TCP simultaneous open), which
/// then holds the port, and the scheduler's listener fails with "Address already in use" (seen in a full-size run).
/// </summary>
internal static class QuietPort
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
