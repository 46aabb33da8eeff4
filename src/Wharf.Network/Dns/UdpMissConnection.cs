using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace Wharf.Network.Dns;

/// <summary>
/// One UDP query the fast path could not answer, handed to the library as a connection: it yields the query once and
/// sends the library's response from the socket the query came in on, offering it to the answer cache.
/// </summary>
internal sealed class UdpMissConnection(
    IServerTransport transport, DnsReceivedRawPackage query, Socket socket, byte[]? cacheKey, ushort type, long version, AnswerCachePolicy policy)
    : IServerConnection
{
    public IServerTransport Transport => transport;

    public IPEndPoint RemoteEndPoint => query.RemoteEndpoint;

    public IPEndPoint LocalEndPoint => query.LocalEndpoint;

    public bool CanRead { get; private set; } = true;

    public Task<bool> InitializeAsync(CancellationToken token = default) => Task.FromResult(true);

    public Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token = default)
    {
        CanRead = false;
        return Task.FromResult<DnsReceivedRawPackage?>(query);
    }

    public Task<bool> SendAsync(DnsRawPackage package, CancellationToken token = default)
    {
        var response = package.ToArraySegment(false);
        // Cached before it is sent: a client that asks again as soon as it has the answer must hit the cache, not
        // race this thread to it on another receiver (seen as a second miss on a loaded machine).
        if (cacheKey is not null) policy.Offer(cacheKey, response, type, version);
        try
        {
            // A blocking send on the receivers' socket: UDP sends do not wait, and the socket stays in blocking mode.
            socket.SendTo(response, SocketFlags.None, query.RemoteEndpoint);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return Task.FromResult(false);
        }
        return Task.FromResult(true);
    }

    public void Dispose()
    {
    }
}
