using System.Buffers;
using System.Text;
using Wharf.Network.Ingress.FastPath;

namespace Wharf.Network.Tests.Ingress.FastPath;

public sealed class ResponseHeadTests
{
    private static (HeadStatus Status, ResponseHead Head, string Client) Parse(string text, bool requestWasHead = false, bool closeClient = false)
    {
        var head = new ResponseHead();
        var client = new ArrayBufferWriter<byte>();
        var status = head.Parse(Encoding.ASCII.GetBytes(text), requestWasHead, closeClient, client);
        return (status, head, Encoding.ASCII.GetString(client.WrittenSpan));
    }

    [Theory]
    [InlineData("content length", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", false, "ContentLength", true)]
    [InlineData("empty content", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, "None", true)]
    [InlineData("chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, "Chunked", true)]
    [InlineData("gzip then chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", false, "Chunked", true)]
    [InlineData("chunked and a length", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", false, "Chunked", false)]
    [InlineData("encoding not chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", false, "UntilClose", false)]
    [InlineData("no length", "HTTP/1.1 200 OK\r\n\r\n", false, "UntilClose", false)]
    [InlineData("HEAD response with a length", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", true, "None", true)]
    [InlineData("no content", "HTTP/1.1 204 No Content\r\n\r\n", false, "None", true)]
    [InlineData("not modified", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false, "None", true)]
    [InlineData("backend closes", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\n", false, "ContentLength", false)]
    [InlineData("HTTP/1.0 backend", "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\n", false, "ContentLength", false)]
    public void FramingAndReuse(string _, string response, bool requestWasHead, string framing, bool reusable)
    {
        var (status, head, _) = Parse(response, requestWasHead);
        Assert.Equal(HeadStatus.Parsed, status);
        Assert.Equal(Enum.Parse<BodyFraming>(framing), head.Framing);
        Assert.Equal(reusable, head.Reusable);
    }

    [Fact]
    public void ClientGetsHttp11WithoutHopByHopHeaders()
    {
        var (status, head, client) = Parse("HTTP/1.0 404 Not Found\r\nServer: x\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 3\r\n\r\nabc");
        Assert.Equal(HeadStatus.Parsed, status);
        Assert.Equal(404, head.Status);
        Assert.Equal(3, head.ContentLength);
        Assert.Equal("HTTP/1.1 404 Not Found\r\nServer: x\r\nContent-Length: 3\r\n\r\n", client);
        Assert.Equal("HTTP/1.0 404 Not Found\r\nServer: x\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 3\r\n\r\n".Length, head.Length);
    }

    [Theory]
    [InlineData("client asked to close", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("body ends with the connection", "HTTP/1.1 200 OK\r\n\r\n", false)]
    public void ClientIsToldWhenTheConnectionCloses(string _, string response, bool closeClient) =>
        Assert.EndsWith("Connection: close\r\n\r\n", Parse(response, closeClient: closeClient).Client);

    [Fact]
    public void InterimResponseWritesNothing()
    {
        var (status, head, client) = Parse("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\n");
        Assert.Equal(HeadStatus.Parsed, status);
        Assert.True(head.IsInterim);
        Assert.Equal("", client);
    }

    [Theory]
    [InlineData("not http", "SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("bad status", "HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("switching protocols unasked", "HTTP/1.1 101 Switching Protocols\r\n\r\n")]
    [InlineData("bad length", "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n")]
    [InlineData("conflicting lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    [InlineData("bare LF in a value", "HTTP/1.1 200 OK\r\nX-A: 1\nSet-Cookie: a=b\r\n\r\n")]
    [InlineData("line without colon", "HTTP/1.1 200 OK\r\nnonsense\r\n\r\n")]
    public void BrokenHeadsAreRejected(string _, string response) =>
        Assert.Equal(HeadStatus.Unsupported, Parse(response).Status);

    [Fact]
    public void PartialHeadWaitsForMore() =>
        Assert.Equal(HeadStatus.Incomplete, Parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n").Status);
}
