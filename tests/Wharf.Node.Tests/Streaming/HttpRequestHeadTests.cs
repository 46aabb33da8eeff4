using Wharf.Node.Agent.Server;

namespace Wharf.Node.Tests.Streaming;

public sealed class HttpRequestHeadTests
{
    private const string ExecRequest =
        "GET /exec/default/web/c1?command=sh&command=-c&command=echo%20hi&input=1&output=1&tty=true HTTP/1.1\r\n" +
        "Host: 10.0.0.1:10250\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
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

    [Theory]
    [InlineData("v5 offered first", new[] { "v5.channel.k8s.io", "v4.channel.k8s.io" }, "v5.channel.k8s.io")]
    [InlineData("only v4 supported", new[] { "v4.channel.k8s.io" }, "v4.channel.k8s.io")]
    [InlineData("nothing in common", new[] { "SPDY/3.1+portforward.k8s.io" }, null)]
    public void Chooses_the_first_offered_websocket_protocol_the_server_supports(string name, string[] supported, string? expected)
    {
        _ = name;
        var head = HttpRequestHead.Parse(ExecRequest);

        Assert.True(WebSocketUpgrade.IsWebSocket(head));
        Assert.Equal(expected, WebSocketUpgrade.ChooseProtocol(head, supported));
    }

    [Fact]
    public void Accept_key_is_the_rfc_6455_example()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketUpgrade.AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
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
}
