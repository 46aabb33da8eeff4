using Wharf.Node.Runtime;
using Wharf.Node.Spdy;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// <c>/exec/NS/POD/CONTAINER?command=…&amp;input=1&amp;output=1&amp;error=1&amp;tty=1</c> and <c>/attach/…</c>:
/// WebSocket v5/v4 clients are bridged to the runtime's SPDY session; SPDY clients are relayed to the runtime as is.
/// </summary>
internal sealed class RemoteCommandEndpoint(ContainerLocator locator, IContainerRuntime runtime)
{
    public async Task HandleAsync(HttpRequestHead request, bool attach, string ns, string pod, string container, Stream connection, CancellationToken cancellationToken)
    {
        var streams = new StreamOptions(request.QueryFlag("input"), request.QueryFlag("output"), request.QueryFlag("error"), request.QueryFlag("tty"));
        var command = request.QueryValues("command");
        if (!attach && command.Count == 0)
        {
            await HttpResponses.BadRequestAsync(connection, "you must specify at least 1 command", cancellationToken);
            return;
        }
        if (!streams.Stdin && !streams.Stdout && !streams.Stderr)
        {
            await HttpResponses.BadRequestAsync(connection, "you must specify at least 1 of stdin, stdout, stderr", cancellationToken);
            return;
        }
        if (await locator.RunningAsync(ns, pod, container, cancellationToken) is not { } target)
        {
            await HttpResponses.BadRequestAsync(connection, $"container {container} is not running in pod {pod}", cancellationToken);
            return;
        }
        var url = attach
            ? await runtime.AttachUrlAsync(target.Id, streams, cancellationToken)
            : await runtime.ExecUrlAsync(target.Id, command, streams, cancellationToken);

        if (!WebSocketUpgrade.IsWebSocket(request))
        {
            await RuntimeUpgradeRelay.RunAsync(request, connection, url, cancellationToken);
            return;
        }
        var protocol = WebSocketUpgrade.ChooseProtocol(request, StreamProtocols.RemoteCommandWebSocket);
        if (protocol is null)
        {
            // Older channel protocols are the runtime's own business.
            await RuntimeUpgradeRelay.RunAsync(request, connection, url, cancellationToken);
            return;
        }

        var answer = await RuntimeStreamDialer.DialAsync(url, "POST", [
            new("Connection", "Upgrade"),
            new("Upgrade", "SPDY/3.1"),
            new("X-Stream-Protocol-Version", StreamProtocols.ChannelV4),
        ], cancellationToken);
        if (answer.Status != 101)
        {
            await answer.Connection.DisposeAsync();
            await HttpResponses.WriteStatusAsync(connection, 500, "InternalError", $"the runtime refused the stream: {answer.StatusLine}", cancellationToken);
            return;
        }
        await using var spdy = SpdyConnection.Start(answer.Connection, isClient: true);
        using var socket = await WebSocketUpgrade.AcceptAsync(connection, request, protocol, cancellationToken);
        await new RemoteCommandBridge(socket, protocol == StreamProtocols.ChannelV5, spdy, streams).RunAsync(cancellationToken);
    }
}
