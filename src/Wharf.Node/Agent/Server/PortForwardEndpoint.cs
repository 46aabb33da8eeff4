using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// <c>/portForward/NS/POD</c>. kubectl's WebSocket carries SPDY/3.1 (<c>SPDY/3.1+portforward.k8s.io</c>); the runtime
/// speaks the same SPDY port-forward protocol natively, so the tunnel's bytes are joined to a SPDY upgrade of the
/// runtime's URL unchanged: the client's SYN_STREAMs are answered, and data streams reach the pod's ports, by the
/// runtime (inside the pod's network namespace, so ports bound to the pod's loopback work too). Other protocols
/// (native SPDY, v4 WebSocket with <c>?ports=</c>) are relayed to the runtime as they are.
/// </summary>
internal sealed class PortForwardEndpoint(ContainerLocator locator, IContainerRuntime runtime)
{
    public async Task HandleAsync(HttpRequestHead request, string ns, string pod, Stream connection, CancellationToken cancellationToken)
    {
        if (await locator.ReadySandboxAsync(ns, pod, cancellationToken) is not { } sandbox)
        {
            await HttpResponses.BadRequestAsync(connection, $"pod {pod} has no running sandbox on this node", cancellationToken);
            return;
        }
        var url = await runtime.PortForwardUrlAsync(sandbox, [], cancellationToken);
        if (!WebSocketUpgrade.IsWebSocket(request) || WebSocketUpgrade.ChooseProtocol(request, [StreamProtocols.TunneledPortForward]) is not { } protocol)
        {
            await RuntimeUpgradeRelay.RunAsync(request, connection, url, cancellationToken);
            return;
        }
        var answer = await RuntimeStreamDialer.DialAsync(url, "POST", [
            new("Connection", "Upgrade"),
            new("Upgrade", "SPDY/3.1"),
            new("X-Stream-Protocol-Version", StreamProtocols.SpdyPortForward),
        ], cancellationToken);
        await using var spdy = answer.Connection;
        if (answer.Status != 101)
        {
            await HttpResponses.WriteStatusAsync(connection, 500, "InternalError", $"the runtime refused the port-forward: {answer.StatusLine}", cancellationToken);
            return;
        }
        using var socket = await WebSocketUpgrade.AcceptAsync(connection, request, protocol, cancellationToken);
        await ByteRelay.RunAsync(socket, spdy, cancellationToken);
    }
}
