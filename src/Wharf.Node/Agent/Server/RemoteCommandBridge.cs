using System.Net.WebSockets;
using System.Text;
using Wharf.Node.Runtime;
using Wharf.Node.Spdy;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// Joins a client's exec/attach WebSocket (v5 or v4 channel protocol) to the runtime's SPDY session for the same
/// command. Channel 0 feeds the stdin stream, 4 the resize stream, and a v5 close of channel 0 half-closes stdin
/// (which a WebSocket to the runtime could not express, hence SPDY there); stdout and stderr come back on 1 and 2;
/// the runtime's status (exit code) goes out on 3 once all output is delivered, then the WebSocket closes.
/// </summary>
internal sealed class RemoteCommandBridge(WebSocket client, bool v5, SpdyConnection runtime, StreamOptions streams)
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = linked.Token;
        // kubelet's streaming server expects the error stream first, then the ones the request asked for.
        var error = await OpenAsync(StreamProtocols.Error, ct);
        var stdin = streams.Stdin ? await OpenAsync(StreamProtocols.Stdin, ct) : null;
        var stdout = streams.Stdout ? await OpenAsync(StreamProtocols.Stdout, ct) : null;
        var stderr = streams.Stderr && !streams.Tty ? await OpenAsync(StreamProtocols.Stderr, ct) : null;
        var resize = streams.Tty ? await OpenAsync(StreamProtocols.Resize, ct) : null;

        var fromClient = PumpFromClientAsync(stdin, resize, ct);
        var output = Task.WhenAll(PumpToClientAsync(stdout, StreamProtocols.StdoutChannel, ct), PumpToClientAsync(stderr, StreamProtocols.StderrChannel, ct));
        var status = error.ReadToEndAsync(ct);

        // The command is over when its output has ended and the runtime reported the status; a client that goes
        // away first ends the session too.
        var finished = await Task.WhenAny(Task.WhenAll(output, status), fromClient);
        if (finished != fromClient && output.IsCompletedSuccessfully && status.IsCompletedSuccessfully)
        {
            var text = status.Result.Length > 0 ? status.Result : Encoding.UTF8.GetBytes(StreamProtocols.SuccessStatus);
            await SendAsync(StreamProtocols.ErrorChannel, text, ct);
            await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
            // Give the client a moment to answer the close; its reads drain in the still-running receive loop.
            await fromClient.WaitAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await linked.CancelAsync();
    }

    private async Task<SpdyStream> OpenAsync(string type, CancellationToken ct) =>
        await runtime.OpenStreamAsync(new Dictionary<string, string> { [StreamProtocols.StreamTypeHeader] = type }, ct);

    private async Task PumpFromClientAsync(SpdyStream? stdin, SpdyStream? resize, CancellationToken ct)
    {
        var buffer = new byte[32 * 1024];
        var stdinOpen = stdin is not null;
        try
        {
            while (await WebSocketUpgrade.ReceiveMessageAsync(client, buffer, ct) is { } message)
            {
                var payload = message.Payload;
                if (payload.Length == 0) continue;
                var data = payload.AsMemory(1);
                switch (payload[0])
                {
                    case StreamProtocols.StdinChannel when stdinOpen:
                        await stdin!.WriteAsync(data, ct);
                        break;
                    case StreamProtocols.ResizeChannel when resize is not null:
                        await resize.WriteAsync(data, ct);
                        break;
                    case StreamProtocols.CloseChannel when v5 && data.Length > 0 && data.Span[0] == StreamProtocols.StdinChannel && stdinOpen:
                        stdinOpen = false;
                        await stdin!.CloseWriteAsync(ct);
                        break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away (or the session ended); nothing more to forward.
        }
    }

    private async Task PumpToClientAsync(SpdyStream? stream, byte channel, CancellationToken ct)
    {
        if (stream is null) return;
        while (await stream.ReadAsync(ct) is { IsEmpty: false } chunk)
            await SendAsync(channel, chunk, ct);
    }

    private async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var message = new byte[data.Length + 1];
        message[0] = channel;
        data.CopyTo(message.AsMemory(1));
        await _send.WaitAsync(ct);
        try
        {
            await client.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, ct);
        }
        finally
        {
            _send.Release();
        }
    }
}
