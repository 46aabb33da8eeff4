using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;

namespace Wharf.Network.Dns;

/// <summary>
/// The UDP side of the server, as a transport of the library's <see cref="DnsServer"/>. Dedicated threads block in
/// recvfrom on SO_REUSEPORT sockets (no async machinery, no allocation per packet) and answer repeated queries from
/// <see cref="EncodedAnswerCache"/> by patching the ID into bytes the library encoded earlier. Everything else (first
/// sight of a question, unusual shapes, stale entries) is handed to the library as a connection, whose response is
/// sent from the same socket and offered to the cache.
/// </summary>
internal sealed class UdpQueryListener : IServerTransport
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;
    private const int MaxDatagram = 65_535;
    /// <summary>How long <see cref="Close"/> waits for a receiver thread; disposing its socket wakes its blocked receive.</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);

    private readonly IPEndPoint _endpoint;
    private readonly int _receivers;
    private readonly EncodedAnswerCache _cache;
    private readonly AnswerCachePolicy _policy;
    private readonly ClusterStateVersion _state;
    private readonly DnsMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Bounded: under a flood of distinct questions the library's backlog stays finite and clients retry.
    private readonly Channel<IServerConnection> _misses = Channel.CreateBounded<IServerConnection>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly List<Socket> _sockets = [];
    private readonly List<Thread> _threads = [];
    private volatile bool _closing;

    public UdpQueryListener(IPEndPoint endpoint, int receivers, EncodedAnswerCache cache, AnswerCachePolicy policy, ClusterStateVersion state,
        DnsMetrics metrics, TimeProvider time, ILogger logger)
    {
        _endpoint = endpoint;
        _receivers = Math.Max(1, receivers);
        _cache = cache;
        _policy = policy;
        _state = state;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public ushort DefaultAllowedResponseSize => 512;

    public bool SupportsMultipleResponses => false;

    public bool AllowTruncatedResponses => true;

    public TransportProtocol TransportProtocol => TransportProtocol.Udp;

    /// <summary>One socket per receiver on the same port; the kernel spreads clients over them by address hash.</summary>
    public void Bind()
    {
        for (var i = 0; i < _receivers; i++)
        {
            var socket = new Socket(_endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            if (_endpoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            socket.Bind(_endpoint);
            _sockets.Add(socket);
        }
        foreach (var socket in _sockets)
        {
            var thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "dns-udp" };
            _threads.Add(thread);
            thread.Start(socket);
        }
    }

    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token = default)
    {
        try
        {
            return await _misses.Reader.ReadAsync(token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    public void Close()
    {
        _closing = true;
        _misses.Writer.TryComplete();
        foreach (var socket in _sockets) socket.Dispose();
        foreach (var thread in _threads) thread.Join(CloseWait);
    }

    public void Dispose() => Close();

    private void ReceiveLoop(object? state)
    {
        var socket = (Socket)state!;
        var buffer = new byte[MaxDatagram];
        var reply = new byte[MaxDatagram];
        var from = new SocketAddress(socket.AddressFamily);
        while (!_closing)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException) when (!_closing)
            {
                // An error about one datagram (e.g. an ICMP unreachable for an earlier reply): the socket itself is fine.
                // No receive timeout: a polling timeout threw here 2-4 times a second on an idle node.
                continue;
            }
            catch (Exception) when (_closing)
            {
                return;
            }
            try
            {
                Handle(socket, buffer.AsSpan(0, length), reply, from);
            }
            catch (Exception e) when (!_closing)
            {
                _logger.LogDebug(e, "UDP query from {Client} dropped", from);
            }
        }
    }

    private void Handle(Socket socket, ReadOnlySpan<byte> packet, byte[] reply, SocketAddress from)
    {
        var received = Stopwatch.GetTimestamp();
        // Read before looking anything up: an answer built from newer data is then filed under an older version.
        var version = _state.Current;
        var shape = QueryShape.Read(packet);
        switch (shape.Kind)
        {
            case QueryKind.Ignore:
                return;
            case QueryKind.Malformed:
                // Counted before the answer leaves (here and below): a client that scrapes the metrics once it has
                // its answer must find the query counted, as the library's path (which counts in the handler) does.
                var formatError = reply.AsSpan(0, DnsHeader.WriteFormatError(packet, reply));
                _metrics.Answered("udp", 0, ReturnCode.FormatError, received);
                socket.SendTo(formatError, SocketFlags.None, from);
                return;
            case QueryKind.Cacheable when _cache.TryGet(packet[2..], version, _time.GetTimestamp(), out var cached):
                var response = reply.AsSpan(0, cached.Response.Length);
                cached.Response.CopyTo(response);
                DnsHeader.CopyId(packet, response);
                cached.Metrics.Record(received);
                socket.SendTo(response, SocketFlags.None, from);
                return;
            case QueryKind.Cacheable:
                _metrics.CacheMiss();
                break;
        }
        var raw = new byte[packet.Length + DnsRawPackage.LENGTH_HEADER_LENGTH];
        BinaryPrimitives.WriteUInt16BigEndian(raw, (ushort)packet.Length);
        packet.CopyTo(raw.AsSpan(DnsRawPackage.LENGTH_HEADER_LENGTH));
        var remote = (IPEndPoint)_endpoint.Create(from);
        var key = shape.Kind == QueryKind.Cacheable ? packet[2..].ToArray() : null;
        _misses.Writer.TryWrite(new UdpMissConnection(this, new DnsReceivedRawPackage(raw, remote, _endpoint), socket, key, shape.Type, version, _policy));
    }
}
