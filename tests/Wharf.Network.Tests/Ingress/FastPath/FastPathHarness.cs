using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Network.Ingress;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.FastPath;
using Wharf.Network.Ingress.Metrics;
using Wharf.Network.Ingress.Routing;
using Wharf.Network.Ingress.Tls;

namespace Wharf.Network.Tests.Ingress.FastPath;

/// <summary>
/// One client connection into a <see cref="FastPathProxy"/>, over in-memory pipes: host <c>app.test</c> routes to the
/// given backend ports on loopback. What a hand-over to Kestrel would get is kept in <see cref="HandedOver"/>.
/// </summary>
internal sealed class FastPathHarness : IAsyncDisposable
{
    public static readonly IPAddress ClientAddress = IPAddress.Parse("10.1.2.3");
    public static readonly IngressBackend Backend = new("default", "web", 80, null);

    private readonly Pipe _toProxy = new();
    private readonly Pipe _fromProxy = new();
    private readonly FastPathProxy _proxy;
    private readonly DefaultConnectionContext _connection;
    private readonly StringBuilder _received = new();

    public FastPathHarness(params int[] backendPorts)
    {
        var routes = RouteTable.Build([new IngressSpec("default", "web", [new IngressPath("app.test", "/", PathKind.Prefix, Backend)], null, [])]);
        var state = new IngressState(new IngressConfig(routes, TlsTable.Empty(FallbackCertificate.Create())));
        var target = new BackendTarget(BackendState.Ready, backendPorts.Select(p => Destination.For("127.0.0.1", p)).ToList());
        Health = new EndpointHealth(TimeSpan.FromMinutes(1), TimeProvider.System);
        _proxy = new FastPathProxy(state, _ => target, Health, Metrics, httpsPort: 0, TimeSpan.FromSeconds(5), NullLogger.Instance);
        _connection = new DefaultConnectionContext("test", new DuplexPipe(_toProxy.Reader, _fromProxy.Writer), new DuplexPipe(_fromProxy.Reader, _toProxy.Writer))
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 8080),
            RemoteEndPoint = new IPEndPoint(ClientAddress, 40000),
        };
        Running = _proxy.Wrap(HandOverAsync)(_connection);
    }

    public IngressMetrics Metrics { get; } = new();

    public EndpointHealth Health { get; }

    /// <summary>Ends when the fast path lets go of the connection (closed, or handed over and read by the stand-in).</summary>
    public Task Running { get; }

    /// <summary>The bytes Kestrel would have found unread, once the connection was handed over.</summary>
    public TaskCompletionSource<string> HandedOver { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task SendAsync(string text) => await _toProxy.Writer.WriteAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>Reads what the client received until it ends with <paramref name="suffix"/>; returns it and starts afresh.</summary>
    public async Task<string> ReceiveUntilAsync(string suffix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!_received.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            var result = await _fromProxy.Reader.ReadAsync(timeout.Token);
            foreach (var segment in result.Buffer) _received.Append(Encoding.Latin1.GetString(segment.Span));
            _fromProxy.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) break;
        }
        var text = _received.ToString();
        _received.Clear();
        return text;
    }

    /// <summary>
    /// The metrics text once <paramref name="requests"/> requests are counted: a request is counted after its last
    /// byte went to the client, so a test that has read the response may look a moment too early.
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

    /// <summary>Stands in for Kestrel's HTTP pipeline: takes what is unread on the connection.</summary>
    private async Task HandOverAsync(ConnectionContext connection)
    {
        var read = await connection.Transport.Input.ReadAsync();
        HandedOver.SetResult(Encoding.Latin1.GetString(read.Buffer.ToArray()));
        connection.Transport.Input.AdvanceTo(read.Buffer.End);
    }

    public async ValueTask DisposeAsync()
    {
        await _toProxy.Writer.CompleteAsync();
        await Task.WhenAny(Running, Task.Delay(TimeSpan.FromSeconds(5)));
        _proxy.Dispose();
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
