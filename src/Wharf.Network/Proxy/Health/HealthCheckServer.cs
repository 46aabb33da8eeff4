using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Wharf.Network.Proxy.Health;

/// <summary>
/// One tiny HTTP listener per healthCheckNodePort, opened and closed as services come and go. Load balancers only
/// read the status line, so a request is answered after its headers and the connection closed.
/// </summary>
internal sealed class HealthCheckServer(IPAddress bindAddress, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<int, Listener> _listeners = new();
    private volatile bool _proxyHealthy = true;

    public IReadOnlyCollection<int> Ports => _listeners.Keys.ToList();

    /// <summary>False while syncs fail, so load balancers move away from a node whose rules may be stale.</summary>
    public bool ProxyHealthy
    {
        get => _proxyHealthy;
        set => _proxyHealthy = value;
    }

    /// <summary>Makes the listeners match <paramref name="targets"/>: new ports opened, gone ones closed, counts updated.</summary>
    public async Task UpdateAsync(IReadOnlyCollection<HealthCheckTarget> targets)
    {
        var wanted = targets.Where(t => t.Port > 0).DistinctBy(t => t.Port).ToDictionary(t => t.Port);
        foreach (var (port, listener) in _listeners)
        {
            if (wanted.ContainsKey(port)) continue;
            _listeners.TryRemove(port, out _);
            await listener.StopAsync();
        }
        foreach (var (port, target) in wanted)
        {
            if (_listeners.TryGetValue(port, out var existing))
            {
                existing.Target = target;
                continue;
            }
            try
            {
                var listener = new Listener(new TcpListener(bindAddress, port), target, this);
                _listeners[port] = listener;
            }
            catch (SocketException e)
            {
                logger.HealthCheckPortUnavailable(target.Namespace, target.Name, port, e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var port in _listeners.Keys.ToList())
        {
            if (_listeners.TryRemove(port, out var listener)) await listener.StopAsync();
        }
    }

    private sealed class Listener
    {
        private readonly TcpListener _socket;
        private readonly HealthCheckServer _server;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        public Listener(TcpListener socket, HealthCheckTarget target, HealthCheckServer server)
        {
            _socket = socket;
            _server = server;
            Target = target;
            socket.Start();
            _accepting = AcceptAsync(_stop.Token);
        }

        public HealthCheckTarget Target { get; set; }

        public async Task StopAsync()
        {
            _stop.Cancel();
            _socket.Stop();
            try
            {
                await _accepting;
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            _stop.Dispose();
        }

        private async Task AcceptAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _socket.AcceptSocketAsync(ct);
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue;
                }
                _ = AnswerAsync(client, ct);
            }
        }

        private async Task AnswerAsync(Socket client, CancellationToken ct)
        {
            using (client)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(ReadTimeout);
                    await ReadHeadersAsync(client, timeout.Token);
                    await client.SendAsync(HealthCheckResponse.For(Target, _server._proxyHealthy), SocketFlags.None, timeout.Token);
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    // The prober went away or was too slow; nothing to report.
                }
            }
        }

        private static async Task ReadHeadersAsync(Socket client, CancellationToken ct)
        {
            var buffer = new byte[4096];
            var seen = 0;
            var tail = 0u;
            while (seen < buffer.Length)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(seen), SocketFlags.None, ct);
                if (read == 0) return;
                for (var i = seen; i < seen + read; i++)
                {
                    tail = (tail << 8) | buffer[i];
                    if (tail == 0x0D0A0D0A) return; // end of the request headers
                }
                seen += read;
            }
        }
    }
}
