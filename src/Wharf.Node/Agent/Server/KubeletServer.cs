using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// The node agent's kubelet API over HTTPS (port 10250 by default): container logs, exec, attach, port-forward and
/// run, which the API server forwards here, and (when the agent wires their sources) /stats/summary,
/// /metrics/resource, /metrics and /pods. Only clients whose certificate the cluster CA signed get in (the API server
/// presents its kubelet-client certificate). One request per connection; streams keep theirs open.
/// </summary>
public sealed class KubeletServer
{
    private readonly KubeletServerOptions _options;
    private readonly KubeletRequestRouter _router;
    private readonly ILogger _logger;

    public KubeletServer(KubeletServerOptions options, IContainerRuntime runtime, ILogger logger, TimeProvider? time = null)
        : this(options, runtime, null, logger, time)
    {
    }

    /// <summary>With <paramref name="sources"/> the server also answers /stats/summary, /metrics/resource, /metrics and /pods.</summary>
    internal KubeletServer(KubeletServerOptions options, IContainerRuntime runtime, KubeletApiSources? sources, ILogger logger, TimeProvider? time = null)
    {
        _options = options;
        _logger = logger;
        var locator = new ContainerLocator(runtime);
        _router = new KubeletRequestRouter(
            new ContainerLogsEndpoint(locator, new CriLogCopier(TimeSpan.FromMilliseconds(100)), time ?? TimeProvider.System),
            new RemoteCommandEndpoint(locator, runtime),
            new PortForwardEndpoint(locator, runtime),
            new RunEndpoint(locator, runtime),
            sources is null ? null : new StatsRoutes(sources));
    }

    /// <summary>The bound endpoint once <see cref="RunAsync"/> has started listening (port 0 picks a free one).</summary>
    public IPEndPoint? LocalEndpoint { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(_options.Address, _options.Port);
        listener.Start();
        LocalEndpoint = (IPEndPoint)listener.LocalEndpoint;
        Log.Listening(_logger, LocalEndpoint.ToString());
        await using var stop = cancellationToken.Register(listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && cancellationToken.IsCancellationRequested)
            {
                break;
            }
            _ = Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        client.NoDelay = true;
        var remote = client.Client.RemoteEndPoint?.ToString() ?? "?";
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _options.ServingCertificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => ClientCertificates.IssuedBy(certificate, _options.ClientCa),
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }, cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            Log.HandshakeFailed(_logger, remote, e.Message);
            return;
        }

        HttpRequestHead? request = null;
        try
        {
            request = await HttpRequestHead.ReadAsync(tls, cancellationToken);
            if (request is null) return;
            await _router.HandleAsync(request, tls, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            await HttpResponses.BadRequestAsync(tls, e.Message, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            // The client or the runtime went away mid-stream.
        }
        catch (Exception e)
        {
            Log.RequestFailed(_logger, e, request?.Method ?? "?", request?.Path ?? "?");
        }
    }
}
