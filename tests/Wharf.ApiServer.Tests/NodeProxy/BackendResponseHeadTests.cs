using Wharf.ApiServer.NodeProxy;

namespace Wharf.ApiServer.Tests.NodeProxy;

public sealed class BackendResponseHeadTests
{
    [Fact]
    public async Task Reads_the_head_and_leaves_the_session_bytes()
    {
        var bytes = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n"u8.ToArray()
            .Concat(new byte[] { 0x82, 0x01, 0x01 }).ToArray();
        using var stream = new MemoryStream(bytes);

        var head = await BackendResponseHead.ReadAsync(stream, CancellationToken.None);

        Assert.Equal(101, head.Status);
        Assert.Equal("v5.channel.k8s.io", head.Header("sec-websocket-protocol"));
        Assert.Equal(3, stream.Length - stream.Position);
    }

    [Theory]
    [InlineData("not http", "SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("no status code", "HTTP/1.1 OK\r\n\r\n")]
    public void Refuses_malformed_answers(string name, string text)
    {
        _ = name;
        Assert.Throws<IOException>(() => BackendResponseHead.Parse(text));
    }
}
