using System.Text;
using Wharf.Hosting.Http;

namespace Wharf.Hosting.Tests.Http;

public sealed class HttpRequestHeadTests
{
    private const string ExecRequest =
        "GET /exec/default/web/c1?command=sh&command=-c&command=echo%20hi&input=1&output=1&tty=true HTTP/1.1\r\n" +
        "Host: 10.0.0.1:10250\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Protocol: v5.channel.k8s.io, v4.channel.k8s.io\r\n\r\n";

    [Fact]
    public void Parses_path_repeated_query_values_and_flags()
    {
        var head = HttpRequestHead.Parse(ExecRequest);

        Assert.Equal("GET", head.Method);
        Assert.Equal("/exec/default/web/c1", head.Path);
        Assert.Equal(["sh", "-c", "echo hi"], head.QueryValues("command"));
        Assert.True(head.QueryFlag("input"));
        Assert.True(head.QueryFlag("tty"));
        Assert.False(head.QueryFlag("error"));
    }

    [Fact]
    public void Headers_are_found_case_insensitively_and_lists_split()
    {
        var head = HttpRequestHead.Parse(ExecRequest);

        Assert.Equal("10.0.0.1:10250", head.Header("host"));
        Assert.Equal(["v5.channel.k8s.io", "v4.channel.k8s.io"], head.HeaderValues("sec-websocket-protocol"));
        Assert.True(head.IsUpgrade("websocket"));
        Assert.False(head.IsUpgrade("SPDY"));
    }

    [Theory]
    [InlineData("no request line", "\r\n\r\n")]
    [InlineData("HTTP/2 request line", "GET / HTTP/2\r\n\r\n")]
    [InlineData("header without colon", "GET / HTTP/1.1\r\nbroken\r\n\r\n")]
    public void Malformed_heads_are_refused(string name, string text)
    {
        _ = name;
        Assert.Throws<InvalidDataException>(() => HttpRequestHead.Parse(text));
    }

    [Fact]
    public async Task Reading_stops_at_the_blank_line_and_leaves_the_rest_of_the_stream()
    {
        var stream = new MemoryStream(Encoding.ASCII.GetBytes("GET /x HTTP/1.1\r\nHost: a\r\n\r\nafter"));

        var head = await HttpRequestHead.ReadAsync(stream, CancellationToken.None);

        Assert.Equal("/x", head!.Path);
        Assert.Equal("after", await new StreamReader(stream).ReadToEndAsync());
    }

    [Fact]
    public async Task A_connection_closed_before_the_head_ends_reads_as_null()
    {
        var head = await HttpRequestHead.ReadAsync(new MemoryStream("GET / HTTP/1.1\r\n"u8.ToArray()), CancellationToken.None);

        Assert.Null(head);
    }
}
