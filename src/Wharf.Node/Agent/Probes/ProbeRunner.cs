using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using k8s.Models;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Probes;

/// <summary>Runs one attempt of an exec, httpGet, tcpSocket or grpc probe against a container, with its timeout.</summary>
internal sealed class ProbeRunner(IContainerRuntime runtime)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // kubelet does not verify probe TLS
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<ProbeOutcome> RunAsync(V1Probe probe, V1Container container, string containerId, string podIp, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            if (probe.Exec is { } exec)
                return await ExecAsync(exec, containerId, timeout, ct);
            if (probe.HttpGet is { } http)
                return await HttpAsync(http, container, podIp, deadline.Token);
            if (probe.TcpSocket is { } tcp)
                return await TcpAsync(tcp.Host is { Length: > 0 } h ? h : podIp, Port(tcp.Port, container), deadline.Token);
            if (probe.Grpc is { } grpc)
                return await GrpcAsync(podIp, grpc.Port, grpc.Service ?? "", timeout, deadline.Token);
            return ProbeOutcome.Failed("missing probe handler");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeOutcome.Failed($"probe timed out after {timeout.TotalSeconds}s");
        }
    }

    private async Task<ProbeOutcome> ExecAsync(V1ExecAction exec, string containerId, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            var result = await runtime.ExecSyncAsync(containerId, exec.Command?.ToList() ?? [], timeout, ct);
            return result.ExitCode == 0 ? ProbeOutcome.Passed : ProbeOutcome.Failed((result.StdoutText + result.StderrText).TrimEnd());
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return ProbeOutcome.Failed($"command \"{string.Join(' ', exec.Command ?? [])}\" timed out");
        }
        catch (RpcException e)
        {
            return ProbeOutcome.Failed(e.Status.Detail);
        }
    }

    private static async Task<ProbeOutcome> HttpAsync(V1HTTPGetAction http, V1Container container, string podIp, CancellationToken ct)
    {
        var scheme = (http.Scheme ?? "HTTP").ToLowerInvariant();
        var host = http.Host is { Length: > 0 } h ? h : podIp;
        var path = http.Path is { Length: > 0 } p ? (p.StartsWith('/') ? p : "/" + p) : "/";
        var url = new Uri($"{scheme}://{host}:{Port(http.Port, container)}{path}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd("kube-probe/1.32");
        foreach (var header in http.HttpHeaders ?? [])
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? ProbeOutcome.Passed : ProbeOutcome.Failed($"HTTP probe failed with statuscode: {code}");
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Failed($"Get \"{url}\": {e.InnerException?.Message ?? e.Message}");
        }
    }

    private static async Task<ProbeOutcome> TcpAsync(string host, int port, CancellationToken ct)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, ct);
            return ProbeOutcome.Passed;
        }
        catch (SocketException e)
        {
            var what = e.SocketErrorCode == SocketError.ConnectionRefused ? "connect: connection refused" : e.Message;
            return ProbeOutcome.Failed($"dial tcp {host}:{port}: {what}");
        }
    }

    /// <summary>grpc.health.v1.Health/Check with hand-rolled protobuf: request field 1 = service, response field 1 = status.</summary>
    private static async Task<ProbeOutcome> GrpcAsync(string host, int port, string service, TimeSpan timeout, CancellationToken ct)
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, "grpc.health.v1.Health", "Check",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var name = Encoding.UTF8.GetBytes(service);
        byte[] request = name.Length == 0 ? [] : [0x0A, .. Varint((ulong)name.Length), .. name];
        using var channel = GrpcChannel.ForAddress($"http://{host}:{port}");
        try
        {
            var response = await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: ct), request);
            var status = response.Length >= 2 && response[0] == 0x08 ? response[1] : 0;
            return status == 1 ? ProbeOutcome.Passed : ProbeOutcome.Failed($"service unhealthy (responded with \"{ServingStatus(status)}\")");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return ProbeOutcome.Failed($"timeout: health rpc did not complete within {timeout.TotalSeconds}s");
        }
        catch (RpcException e)
        {
            return ProbeOutcome.Failed($"error: health rpc probe failed: {e.Status.Detail}");
        }
    }

    private static string ServingStatus(int status) => status switch
    {
        1 => "SERVING",
        2 => "NOT_SERVING",
        3 => "SERVICE_UNKNOWN",
        _ => "UNKNOWN",
    };

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }

    /// <summary>A probe port: a number, or the name of one of the container's ports.</summary>
    internal static int Port(IntOrString port, V1Container container)
    {
        var text = port.Value;
        if (int.TryParse(text, out var number))
            return number;
        return container.Ports?.FirstOrDefault(p => p.Name == text)?.ContainerPort
            ?? throw new InvalidOperationException($"port \"{text}\" not found in container {container.Name}");
    }
}
