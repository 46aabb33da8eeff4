using Wharf.Network.Ingress.Backends;

namespace Wharf.Network.Ingress.FastPath.Loop;

/// <summary>
/// The idle keep-alive backend connections of one loop, per endpoint, newest first (the warmest, and least likely to
/// have been closed by the backend's idle timeout). One loop's thread only, so no locks; a connection the backend
/// closes while it idles is dropped as soon as the loop hears of it.
/// </summary>
internal sealed class BackendPool
{
    /// <summary>As SocketsHttpHandler's PooledConnectionIdleTimeout.</summary>
    public const long IdleTimeoutMs = 60_000;

    private const int MaxIdlePerEndpoint = 1024;

    private readonly Dictionary<string, Stack<BackendSocket>> _idle = [];

    public BackendSocket? TakeIdle(Destination destination, ClientSession owner)
    {
        if (!_idle.TryGetValue(destination.Endpoint, out var stack)) return null;
        while (stack.TryPop(out var socket))
        {
            if (socket.IsClosed) continue;
            socket.IdleIn = null;
            socket.Owner = owner;
            return socket;
        }
        return null;
    }

    public void Return(BackendSocket socket)
    {
        if (!_idle.TryGetValue(socket.Destination.Endpoint, out var stack)) _idle[socket.Destination.Endpoint] = stack = new Stack<BackendSocket>();
        if (stack.Count >= MaxIdlePerEndpoint)
        {
            socket.Close();
            return;
        }
        socket.Owner = null;
        socket.Reused = true;
        socket.IdleSince = Environment.TickCount64;
        socket.IdleIn = this;
        stack.Push(socket);
    }

    /// <summary>The backend closed an idle connection: closed now, skipped when its turn comes.</summary>
    public void Discard(BackendSocket socket) => socket.Close();

    /// <summary>Closes connections idle longer than <see cref="IdleTimeoutMs"/>, and forgets closed ones.</summary>
    public void Sweep(long now)
    {
        foreach (var stack in _idle.Values)
        {
            // Oldest at the bottom: keep the fresh ones in their order.
            var all = stack.ToArray();
            stack.Clear();
            for (var i = all.Length - 1; i >= 0; i--)
            {
                if (all[i].IsClosed) continue;
                if (now - all[i].IdleSince >= IdleTimeoutMs) all[i].Close();
                else stack.Push(all[i]);
            }
        }
    }

    public void CloseAll()
    {
        foreach (var stack in _idle.Values)
            while (stack.TryPop(out var socket)) socket.Close();
    }
}
