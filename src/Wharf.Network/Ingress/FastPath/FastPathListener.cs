using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Wharf.Network.Ingress.FastPath.Loop;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// The listening socket of one plain HTTP address. Accepted connections go to the fast path's loops (one accept per
/// connection on the thread pool, no hop per request); Kestrel accepts from here only the connections the loops hand
/// over, each with the bytes already read put back in front of its input.
/// </summary>
internal sealed class FastPathListener : IConnectionListener, IHandOverTarget
{
    private readonly Socket _socket;
    private readonly FastPathProxy _proxy;
    private readonly SocketConnectionContextFactory _contexts;
    private readonly TimeSpan _shutdownGrace;
    private readonly Channel<(Socket Socket, byte[] Received)> _handedOver = Channel.CreateUnbounded<(Socket, byte[])>();
    private readonly Task _accepting;
    private int _unbound;

    private FastPathListener(Socket socket, FastPathProxy proxy, SocketConnectionContextFactory contexts, TimeSpan shutdownGrace)
    {
        _socket = socket;
        _proxy = proxy;
        _contexts = contexts;
        _shutdownGrace = shutdownGrace;
        EndPoint = new FastPathEndPoint((IPEndPoint)socket.LocalEndPoint!);
        _accepting = AcceptLoopAsync();
    }

    public EndPoint EndPoint { get; }

    public static FastPathListener Bind(FastPathEndPoint endpoint, FastPathProxy proxy, SocketConnectionContextFactory contexts, TimeSpan shutdownGrace)
    {
        var address = endpoint.Address;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel's socket transport: [::] also takes IPv4.
            if (address.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            // As Kestrel's too: a restart binds again while connections of the last run linger in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(address);
            socket.Listen(512);
            return new FastPathListener(socket, proxy, contexts, shutdownGrace);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                continue; // the client gave up while queued
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // unbound
            }
            _proxy.Adopt(client, this);
        }
    }

    public void HandOver(Socket socket, byte[] received)
    {
        socket.Blocking = true;
        if (!_handedOver.Writer.TryWrite((socket, received))) socket.Dispose();
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (await _handedOver.Reader.WaitToReadAsync(cancellationToken))
        {
            if (!_handedOver.Reader.TryRead(out var item)) continue;
            try
            {
                return HandedOverConnection.Create(_contexts.Create(item.Socket), item.Received);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                item.Socket.Dispose(); // closed meanwhile
            }
        }
        return null;
    }

    /// <summary>Closes the listening socket (the port is free again) and tells the loops to finish what is in flight.</summary>
    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 1) return;
        _socket.Dispose();
        await _accepting;
        _handedOver.Writer.TryComplete();
        while (_handedOver.Reader.TryRead(out var item)) item.Socket.Dispose();
        _proxy.BeginDrain();
    }

    /// <summary>Waits up to the shutdown grace for the loops' connections to end; the proxy cuts the rest when disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        await UnbindAsync();
        using var grace = new CancellationTokenSource(_shutdownGrace);
        await _proxy.DrainedAsync(grace.Token);
    }
}
