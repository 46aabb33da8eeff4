using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Network.Ingress;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.FastPath;
using Wharf.Network.Ingress.Metrics;
using Wharf.Network.Ingress.Routing;
using Wharf.Network.Ingress.Tls;

namespace Wharf.Network.Tests.Ingress.FastPath;

/// <summary>
/// A <see cref="FastPathProxy"/> listening on a loopback port (its event loops, its listener), and one client
/// connection to it: host <c>app.test</c> routes to the given backend ports on loopback. Connections it hands over
/// are accepted in Kestrel's place and what the first read of one finds is kept in <see cref="HandedOver"/>.
/// </summary>
internal sealed class FastPathHarness : IAsyncDisposable
{
    public static readonly IngressBackend Backend = new("default", "web", 80, null);

    private readonly FastPathProxy _proxy;
    private readonly SocketConnectionContextFactory _contexts = new(new SocketConnectionFactoryOptions(), NullLogger.Instance);
    private readonly FastPathListener _listener;
    private readonly StringBuilder _received = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Task _kestrel;
    private ConnectionContext? _handedOver;

    public FastPathHarness(params int[] backendPorts)
    {
        var routes = RouteTable.Build([new IngressSpec("default", "web", [new IngressPath("app.test", "/", PathKind.Prefix, Backend)], null, [])]);
        var state = new IngressState(new IngressConfig(routes, TlsTable.Empty(FallbackCertificate.Create())));
        var target = new BackendTarget(BackendState.Ready, backendPorts.Select(p => Destination.For("127.0.0.1", p)).ToList());
        Health = new EndpointHealth(TimeSpan.FromMinutes(1), TimeProvider.System);
        _proxy = new FastPathProxy(state, _ => target, Health, Metrics, httpsPort: 0, TimeSpan.FromSeconds(5), NullLogger.Instance);
        _listener = FastPathListener.Bind(new FastPathEndPoint(new IPEndPoint(IPAddress.Loopback, 0)), _proxy, _contexts, TimeSpan.FromSeconds(2));
        Client = Connect();
        _kestrel = StandInForKestrelAsync();
    }

    public int Port => ((FastPathEndPoint)_listener.EndPoint).Address.Port;

    public IngressMetrics Metrics { get; } = new();

    public EndpointHealth Health { get; }

    public FastPathProxy Proxy => _proxy;

    internal FastPathListener Listener => _listener;

    public Socket Client { get; }

    /// <summary>The first connection handed over, as Kestrel would get it.</summary>
    public TaskCompletionSource<ConnectionContext> HandedOver { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Another client connection to the proxy.</summary>
    public Socket Connect()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, Port);
        return socket;
    }

    public async Task SendAsync(string text) => await Client.SendAsync(Encoding.Latin1.GetBytes(text), SocketFlags.None);

    /// <summary>Reads what the client received until it ends with <paramref name="suffix"/> or the connection ends; returns it and starts afresh.</summary>
    public async Task<string> ReceiveUntilAsync(string suffix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!_received.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            var read = await Client.ReceiveAsync(_buffer, SocketFlags.None, timeout.Token);
            if (read == 0) break;
            _received.Append(Encoding.Latin1.GetString(_buffer, 0, read));
        }
        var text = _received.ToString();
        _received.Clear();
        return text;
    }

    /// <summary>Whether the proxy closes the client connection within 5 s (anything still received is dropped).</summary>
    public async Task<bool> ClosedByProxyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (await Client.ReceiveAsync(_buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (SocketException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The metrics text once <paramref name="requests"/> requests are counted: a request is counted when its last
    /// byte is ready for the client, so a test that has read the response may look a moment too early.
    /// </summary>
    public async Task<string> MetricsOnceCountedAsync(int requests = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            using var text = new StringWriter();
            Metrics.WriteTo(text);
            var counted = System.Text.RegularExpressions.Regex.Matches(text.ToString(), "^" + IngressMetrics.RequestsName + "\\{.*\\} (\\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            if (counted >= requests || DateTime.UtcNow > deadline) return text.ToString();
            await Task.Delay(10);
        }
    }

    /// <summary>What Kestrel reads on the connection handed over, until <paramref name="length"/> bytes came or the input ended.</summary>
    public async Task<string> ReadHandedOverAsync(int length)
    {
        var connection = await HandedOver.Task.WaitAsync(TimeSpan.FromSeconds(5));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var read = await connection.Transport.Input.ReadAsync(timeout.Token);
            if (read.Buffer.Length >= length || read.IsCompleted) return Encoding.Latin1.GetString(read.Buffer.ToArray());
            connection.Transport.Input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>Stands in for Kestrel: accepts the first connection handed over.</summary>
    private async Task StandInForKestrelAsync()
    {
        _handedOver = await _listener.AcceptAsync();
        if (_handedOver is not null) HandedOver.SetResult(_handedOver);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _listener.DisposeAsync();
        await _kestrel.WaitAsync(TimeSpan.FromSeconds(5));
        if (_handedOver is not null) await _handedOver.DisposeAsync();
        _proxy.Dispose();
        _contexts.Dispose();
    }
}
