using System.Text;
using Wharf.Node.Spdy;

namespace Wharf.Node.Tests.Streaming;

public sealed class SpdyConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Opened_stream_is_answered_and_carries_data_both_ways_until_fin()
    {
        var (a, b) = await LoopbackPair.CreateAsync();
        await using var client = SpdyConnection.Start(a, isClient: true);
        await using var server = SpdyConnection.Start(b, isClient: false);
        using var cts = new CancellationTokenSource(Timeout);

        var opening = client.OpenStreamAsync(new Dictionary<string, string> { ["streamType"] = "stdout", ["port"] = "80" }, cts.Token);
        var accepted = await server.AcceptStreamAsync(cts.Token);
        var opened = await opening;

        Assert.NotNull(accepted);
        Assert.Equal(1u, opened.Id);
        Assert.Equal("stdout", accepted.Headers["streamtype"]);
        Assert.Equal("80", accepted.Headers["port"]);

        await opened.WriteAsync(Encoding.ASCII.GetBytes("to server"), cts.Token);
        await opened.CloseWriteAsync(cts.Token);
        await accepted.WriteAsync(Encoding.ASCII.GetBytes("to client"), cts.Token);
        await accepted.CloseWriteAsync(cts.Token);

        Assert.Equal("to server", Encoding.ASCII.GetString(await accepted.ReadToEndAsync(cts.Token)));
        Assert.Equal("to client", Encoding.ASCII.GetString(await opened.ReadToEndAsync(cts.Token)));
    }

    [Fact]
    public async Task Client_stream_ids_are_odd_and_increasing_with_headers_kept_apart()
    {
        var (a, b) = await LoopbackPair.CreateAsync();
        await using var client = SpdyConnection.Start(a, isClient: true);
        await using var server = SpdyConnection.Start(b, isClient: false);
        using var cts = new CancellationTokenSource(Timeout);

        var ids = new List<uint>();
        var types = new List<string>();
        foreach (var type in new[] { "error", "stdin", "stdout", "stderr" })
        {
            var opening = client.OpenStreamAsync(new Dictionary<string, string> { ["streamtype"] = type }, cts.Token);
            types.Add((await server.AcceptStreamAsync(cts.Token))!.Headers["streamtype"]);
            ids.Add((await opening).Id);
        }

        Assert.Equal([1u, 3u, 5u, 7u], ids);
        Assert.Equal(["error", "stdin", "stdout", "stderr"], types);
    }

    [Fact]
    public async Task Large_writes_arrive_whole()
    {
        var (a, b) = await LoopbackPair.CreateAsync();
        await using var client = SpdyConnection.Start(a, isClient: true);
        await using var server = SpdyConnection.Start(b, isClient: false);
        using var cts = new CancellationTokenSource(Timeout);
        var payload = new byte[300_000];
        new Random(7).NextBytes(payload);

        var opening = client.OpenStreamAsync(new Dictionary<string, string> { ["streamtype"] = "data" }, cts.Token);
        var accepted = (await server.AcceptStreamAsync(cts.Token))!;
        var opened = await opening;
        var reading = accepted.ReadToEndAsync(cts.Token);
        await opened.WriteAsync(payload, cts.Token);
        await opened.CloseWriteAsync(cts.Token);

        Assert.Equal(payload, await reading);
    }

    [Fact]
    public async Task Reset_and_closed_connection_end_the_read_side()
    {
        var (a, b) = await LoopbackPair.CreateAsync();
        var client = SpdyConnection.Start(a, isClient: true);
        await using var server = SpdyConnection.Start(b, isClient: false);
        using var cts = new CancellationTokenSource(Timeout);

        var first = client.OpenStreamAsync(new Dictionary<string, string> { ["streamtype"] = "data" }, cts.Token);
        var accepted = (await server.AcceptStreamAsync(cts.Token))!;
        var opened = await first;
        await opened.ResetAsync(SpdyRstStatus.Cancel, cts.Token);
        Assert.True((await accepted.ReadAsync(cts.Token)).IsEmpty);

        var second = client.OpenStreamAsync(new Dictionary<string, string> { ["streamtype"] = "data" }, cts.Token);
        var other = (await server.AcceptStreamAsync(cts.Token))!;
        await second;
        await client.DisposeAsync();

        Assert.True((await other.ReadAsync(cts.Token)).IsEmpty);
        await server.Completion.WaitAsync(cts.Token);
    }
}
