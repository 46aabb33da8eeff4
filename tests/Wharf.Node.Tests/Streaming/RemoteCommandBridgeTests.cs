using System.Net.WebSockets;
using System.Text;
using Wharf.Node.Agent.Server;
using Wharf.Node.Runtime;
using Wharf.Node.Spdy;

namespace Wharf.Node.Tests.Streaming;

public sealed class RemoteCommandBridgeTests
{
    private const string ExitThree =
        """{"metadata":{},"status":"Failure","message":"exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}""";

    [Theory]
    [InlineData("v5 closes stdin with channel 255", true)]
    [InlineData("v4 keeps stdin open until the socket ends", false)]
    public async Task Stdin_reaches_the_runtime_and_output_then_status_come_back_in_order(string name, bool v5)
    {
        _ = name;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (clientEnd, serverEnd) = await LoopbackPair.CreateAsync();
        using var kubectl = WebSocket.CreateFromStream(clientEnd, new WebSocketCreationOptions { IsServer = false });
        using var agentSide = WebSocket.CreateFromStream(serverEnd, new WebSocketCreationOptions { IsServer = true });
        var (bridgeEnd, runtimeEnd) = await LoopbackPair.CreateAsync();
        await using var toRuntime = SpdyConnection.Start(bridgeEnd, isClient: true);
        await using var runtime = SpdyConnection.Start(runtimeEnd, isClient: false);

        var bridge = new RemoteCommandBridge(agentSide, v5, toRuntime, new StreamOptions(Stdin: true)).RunAsync(cts.Token);
        var fake = FakeRuntimeAsync(runtime, stdinMustEnd: v5, cts.Token);

        await kubectl.SendAsync(new byte[] { 0, (byte)'h', (byte)'i' }, WebSocketMessageType.Binary, true, cts.Token);
        if (v5)
            await kubectl.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, cts.Token);
        var received = await ReceiveAllAsync(kubectl, cts.Token);
        await Task.WhenAll(bridge, fake);

        Assert.Equal("out:hi", Concat(received, 1));
        Assert.Equal("warning", Concat(received, 2));
        Assert.Equal(3, received[^1][0]);
        Assert.Equal(ExitThree, Encoding.UTF8.GetString(received[^1].AsSpan(1)));
        Assert.Single(received, m => m[0] == 3);
    }

    /// <summary>Plays kubelet's streaming server: expects error, stdin, stdout, stderr; echoes stdin; reports exit 3.</summary>
    private static async Task FakeRuntimeAsync(SpdyConnection runtime, bool stdinMustEnd, CancellationToken ct)
    {
        var streams = new Dictionary<string, SpdyStream>();
        for (var i = 0; i < 4; i++)
        {
            var stream = (await runtime.AcceptStreamAsync(ct))!;
            streams[stream.Headers["streamtype"]] = stream;
        }
        Assert.Equal(["error", "stdin", "stdout", "stderr"], streams.Keys);
        var input = stdinMustEnd
            ? Encoding.ASCII.GetString(await streams["stdin"].ReadToEndAsync(ct))
            : Encoding.ASCII.GetString((await streams["stdin"].ReadAsync(ct)).Span);
        await streams["stdout"].WriteAsync(Encoding.ASCII.GetBytes("out:" + input), ct);
        await streams["stderr"].WriteAsync(Encoding.ASCII.GetBytes("warning"), ct);
        await streams["stdout"].CloseWriteAsync(ct);
        await streams["stderr"].CloseWriteAsync(ct);
        await streams["error"].WriteAsync(Encoding.UTF8.GetBytes(ExitThree), ct);
        await streams["error"].CloseWriteAsync(ct);
    }

    private static async Task<List<byte[]>> ReceiveAllAsync(WebSocket socket, CancellationToken ct)
    {
        var messages = new List<byte[]>();
        var buffer = new byte[4096];
        while (await WebSocketUpgrade.ReceiveMessageAsync(socket, buffer, ct) is { } message)
            messages.Add(message.Payload);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
        return messages;
    }

    private static string Concat(List<byte[]> messages, byte channel) =>
        string.Concat(messages.Where(m => m[0] == channel).Select(m => Encoding.ASCII.GetString(m.AsSpan(1))));
}
