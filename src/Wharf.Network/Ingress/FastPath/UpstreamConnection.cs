using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>A keep-alive HTTP/1.1 connection to one backend endpoint, with its receive buffer.</summary>
internal sealed class UpstreamConnection : IDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly Socket _socket;
    private byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    private UpstreamConnection(Socket socket) => _socket = socket;

    /// <summary>Whether it served a request before: a failure before any response byte then means the backend had closed it.</summary>
    public bool Reused { get; set; }

    /// <summary>When it went back to the pool (<see cref="Environment.TickCount64"/>).</summary>
    public long IdleSince { get; set; }

    /// <summary>Received bytes not yet consumed.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);

    public bool HasData => _end > _start;

    public static async ValueTask<UpstreamConnection> ConnectAsync(EndPoint address, TimeSpan timeout, CancellationToken ct)
    {
        var socket = address is IPEndPoint ip ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            await socket.ConnectAsync(address, limit.Token);
            return new UpstreamConnection(socket);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connecting to {address} timed out after {timeout}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data) => _socket.SendAsync(data, SocketFlags.None);

    /// <summary>Receives more bytes after the unconsumed ones (moved to the front, or into a larger buffer up to <paramref name="maxBuffered"/>).</summary>
    /// <returns>The bytes received; 0 when the backend closed the connection, -1 when <paramref name="maxBuffered"/> bytes are held already.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync(int maxBuffered)
    {
        if (_start > 0 && _end == _buffer.Length)
        {
            Data.CopyTo(_buffer);
            (_start, _end) = (0, _end - _start);
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxBuffered) return -1;
            Array.Resize(ref _buffer, Math.Min(maxBuffered, _buffer.Length * 2));
        }
        var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        _end += received;
        return received;
    }

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end) _start = _end = 0;
    }

    /// <summary>
    /// Whether an idle connection still looks usable: a readable socket means the backend closed it (or sent
    /// something unasked), and a request on it would fail.
    /// </summary>
    public bool LooksAlive()
    {
        try
        {
            return !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
