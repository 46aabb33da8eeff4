using Grpc.Core;
using Grpc.Net.Client;
using Wharf.Node.Cri.V1;

namespace Wharf.Node.Cri;

/// <summary>
/// A CRI v1 connection: the RuntimeService and ImageService stubs over one gRPC channel to a unix socket
/// (HTTP/2 without TLS, as containerd serves it).
/// </summary>
public sealed class CriClient : IDisposable
{
    /// <summary>The CRI API version this client speaks, sent in VersionRequest.</summary>
    public const string ApiVersion = "v1";

    private readonly GrpcChannel _channel;

    private CriClient(GrpcChannel channel, string endpoint)
    {
        _channel = channel;
        Endpoint = endpoint;
        Runtime = new RuntimeService.RuntimeServiceClient(channel);
        Images = new ImageService.ImageServiceClient(channel);
    }

    public string Endpoint { get; }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    /// <summary>Connects lazily to a unix socket given as a path or a <c>unix://</c> URI.</summary>
    public static CriClient ForUnixSocket(string endpoint)
    {
        var socketPath = endpoint.StartsWith("unix://", StringComparison.Ordinal) ? endpoint["unix://".Length..] : endpoint;
        var connector = new UnixSocketConnector(socketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            // containerd may be restarted under us; never reuse a dead connection for long.
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = true,
        };
        // The host name is a placeholder: the connect callback ignores it and dials the socket.
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        return new CriClient(channel, socketPath);
    }

    public async Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) =>
        await Runtime.VersionAsync(new VersionRequest { Version = ApiVersion }, cancellationToken: cancellationToken);

    /// <summary>
    /// What a runtime that is still starting answers: no socket yet, the CRI service not registered yet, or (the
    /// CRI plugin registered but still initialising, seen on a loaded machine) Unknown "server is not initialized yet".
    /// </summary>
    internal static bool IsStarting(RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.Unimplemented
        || (ex.StatusCode == StatusCode.Unknown && ex.Status.Detail.Contains("not initialized", StringComparison.Ordinal));

    /// <summary>Polls Version until the runtime answers or the timeout passes.</summary>
    public async Task<VersionResponse> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                // Until the socket exists, a call could only fail: each failed connect is an exception through the
                // socket, HttpClient and gRPC layers (and the first one loads the PDB reader to put line numbers in it).
                if (File.Exists(Endpoint))
                    return await VersionAsync(deadline.Token);
            }
            catch (RpcException ex) when (IsStarting(ex) && !deadline.IsCancellationRequested)
            {
                // Socket not there yet, or containerd still loading the CRI plugin.
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"CRI runtime at {Endpoint} did not answer within {timeout}", ex);
            }
            try
            {
                await Task.Delay(delay, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"CRI runtime at {Endpoint} did not answer within {timeout}");
            }
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    public void Dispose() => _channel.Dispose();
}
