using System.Net.Sockets;

namespace Wharf.Network.Ingress.FastPath.Loop;

/// <summary>
/// One event loop of the fast path with the client connections it serves and its own pool of backend connections.
/// Everything here runs on the loop's thread; other threads only <see cref="Adopt"/>, <see cref="BeginDrain"/> and
/// <see cref="Dispose"/>.
/// </summary>
internal sealed class FastPathWorker : IDisposable
{
    private readonly HashSet<ClientSession> _sessions = [];
    private volatile int _sessionCount;

    public FastPathWorker(FastPathProxy proxy, int index)
    {
        Proxy = proxy;
        Loop = new EventLoop($"ingress-loop-{index}", Tick, proxy.Logger);
    }

    public FastPathProxy Proxy { get; }

    public EventLoop Loop { get; }

    public BackendPool Pool { get; } = new();

    /// <summary>The server is stopping: no connection waits for another request.</summary>
    public bool Draining { get; private set; }

    /// <summary>Client connections it still serves (read from any thread).</summary>
    public int SessionCount => _sessionCount;

    /// <summary>Takes an accepted client connection; from any thread.</summary>
    public void Adopt(Socket socket, IHandOverTarget handOver) => Loop.Post(() =>
    {
        try
        {
            socket.Blocking = false;
            socket.NoDelay = true;
            var session = new ClientSession(this, socket, handOver);
            if (Draining)
            {
                session.Drain();
                return;
            }
            _sessions.Add(session);
            _sessionCount = _sessions.Count;
            // Bytes that came with the connection were reported when it was registered; nothing else to do.
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
        }
    });

    public void Remove(ClientSession session)
    {
        _sessions.Remove(session);
        _sessionCount = _sessions.Count;
    }

    public void BeginDrain() => Loop.Post(() =>
    {
        Draining = true;
        foreach (var session in _sessions.ToArray()) session.Drain();
    });

    private void Tick(long now)
    {
        foreach (var session in _sessions.ToArray()) session.CheckDeadline(now);
        Pool.Sweep(now);
    }

    /// <summary>Cuts every connection still open and stops the loop.</summary>
    public void Dispose()
    {
        Loop.Post(() =>
        {
            foreach (var session in _sessions.ToArray()) session.Fail(new ObjectDisposedException(nameof(FastPathWorker)));
            Pool.CloseAll();
        });
        Loop.Dispose();
    }
}
