using Wharf.Node.Agent.Server;

namespace Wharf.Node.Tests.Streaming;

public sealed class WebSocketUpgradeTests
{
    private const string ExecRequest =
        "GET /exec/default/web/c1?command=sh&command=-c&command=echo%20hi&input=1&output=1&tty=true HTTP/1.1\r\n" +
        "Host: 10.0.0.1:10250\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
        "Sec-WebSocket-Protocol: v5.channel.k8s.io, v4.channel.k8s.io\r\n\r\n";

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
}
