using System.Net;
using Wharf.Network.Ingress.Backends;

namespace Wharf.Network.Ingress.FastPath.Loop;

/// <summary>
/// A non-blocking keep-alive connection to one backend endpoint, registered with the loop that opened it, with its
/// receive buffer. While a <see cref="ClientSession"/> uses it, readiness goes to that session; while it idles in the
/// <see cref="BackendPool"/>, any sign of input means the backend closed it (or sent something unasked) and it is closed.
/// </summary>
internal sealed class BackendSocket : IPollable
{
    private const int BufferSize = 16 * 1024;

    private readonly EventLoop _loop;
    private readonly int _fd;
    private readonly long _registration;

    private BackendSocket(EventLoop loop, int fd, Destination destination)
    {
        _loop = loop;
        _fd = fd;
        Destination = destination;
        _registration = loop.Register(fd, this);
    }

    public Destination Destination { get; }

    public ByteQueue Received { get; } = new(BufferSize);

    /// <summary>Input (or end of input) may be waiting: worth a receive.</summary>
    public bool Readable { get; private set; }

    /// <summary>The connect finished, one way or the other (any event after it started).</summary>
    public bool ConnectSettled { get; private set; }

    /// <summary>Whether it served a request before: a failure before any response byte then means the backend had closed it.</summary>
    public bool Reused { get; set; }

    /// <summary>When it went back to the pool (<see cref="Environment.TickCount64"/>).</summary>
    public long IdleSince { get; set; }

    /// <summary>Who gets its readiness; null while idle in the pool.</summary>
    public ClientSession? Owner { get; set; }

    public BackendPool? IdleIn { get; set; }

    public bool IsClosed { get; private set; }

    /// <summary>The backend closed its side (or the connection broke): not to be pooled.</summary>
    public bool PeerClosed { get; private set; }

    /// <summary>Starts connecting to <paramref name="destination"/>.</summary>
    /// <returns>The socket (connected or connecting), or null when the connect failed at once.</returns>
    public static BackendSocket? Connect(EventLoop loop, Destination destination, ClientSession owner)
    {
        var address = ((IPEndPoint)destination.Address).Serialize();
        var fd = Libc.TcpSocket((int)address.Family == (int)System.Net.Sockets.AddressFamily.InterNetworkV6 ? 10 : 2);
        var result = Libc.Connect(fd, address.Buffer.Span[..address.Size]);
        if (result < 0 && result != -Libc.EInProgress)
        {
            Libc.Close(fd);
            return null;
        }
        var socket = new BackendSocket(loop, fd, destination) { Owner = owner, ConnectSettled = result == 0 };
        if (socket._registration < 0)
        {
            Libc.Close(fd);
            return null;
        }
        return socket;
    }

    /// <summary>0 once connected, else the errno the connect failed with.</summary>
    public int ConnectError() => Libc.SocketError(_fd);

    public void OnEvents(uint events)
    {
        ConnectSettled = true;
        if ((events & (Libc.EpollIn | Libc.EpollRdHup | Libc.EpollHup | Libc.EpollErr)) != 0)
        {
            Readable = true;
            if ((events & (Libc.EpollRdHup | Libc.EpollHup | Libc.EpollErr)) != 0) PeerClosed = true;
            if (Owner is null)
            {
                IdleIn?.Discard(this);
                return;
            }
        }
        Owner?.Drive();
    }

    public void Fail(Exception error)
    {
        if (Owner is { } owner) owner.Fail(error);
        else Close();
    }

    /// <returns>Bytes sent; -EAGAIN when the socket buffer is full; minus another errno when the connection broke.</returns>
    public int Send(ReadOnlySpan<byte> data) => Libc.Send(_fd, data);

    /// <summary>Receives after the unconsumed bytes, holding at most <paramref name="maxBuffered"/>.</summary>
    /// <returns>Bytes received; 0 at the end of input; -EAGAIN when nothing is waiting; another negative value on an error or a full buffer.</returns>
    public int Receive(int maxBuffered)
    {
        var space = Received.FreeSpace(maxBuffered);
        if (space.IsEmpty) return -1;
        var received = Libc.Recv(_fd, space);
        if (received > 0)
        {
            Received.Advance(received);
            // Edge-triggered: a short read emptied the socket, and new input brings a new event, unless the end of
            // input was reported with this edge already: then the next read must see it.
            if (received < space.Length && !PeerClosed) Readable = false;
        }
        else if (received == -Libc.EAgain)
        {
            Readable = false;
        }
        return received;
    }

    public void Close()
    {
        if (IsClosed) return;
        IsClosed = true;
        Owner = null;
        Libc.Close(_fd);
        _loop.Forget(_registration);
    }
}
