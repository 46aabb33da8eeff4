using System.Buffers;
using System.Text;
using Wharf.Network.Ingress.FastPath;

namespace Wharf.Network.Tests.Ingress.FastPath;

public sealed class RequestHeadTests
{
    /// <summary>A query escape is fine (Kestrel leaves the query as it is); the second request is pipelined behind.</summary>
    private const string Busy =
        "GET /a/b?x=%41&y=1 HTTP/1.1\r\nHost: App.Test:8080\r\nAccept: */*\r\nConnection: keep-alive\r\nKeep-Alive: 5\r\n" +
        "X-Forwarded-For: 6.6.6.6\r\nx-real-ip: 6.6.6.6\r\nX-Forwarded-Proto: https\r\nTE: trailers\r\nContent-Length: 0\r\n\r\n";

    private static (HeadStatus Status, RequestHead Head, string Upstream) Parse(string text)
    {
        var head = new RequestHead();
        var upstream = new ArrayBufferWriter<byte>();
        var status = head.Parse(Encoding.Latin1.GetBytes(text), upstream);
        return (status, head, Encoding.ASCII.GetString(upstream.WrittenSpan));
    }

    [Fact]
    public void SimpleGetIsCopiedWithoutHopByHopAndForwardedHeaders()
    {
        var (status, head, upstream) = Parse(Busy + "NEXT");

        Assert.Equal(HeadStatus.Parsed, status);
        Assert.Equal("App.Test", head.Host);
        Assert.Equal("/a/b", head.Path);
        Assert.False(head.Close);
        Assert.False(head.IsHead);
        Assert.Equal(Busy.Length, head.Length);
        Assert.Equal(
            "GET /a/b?x=%41&y=1 HTTP/1.1\r\nHost: App.Test:8080\r\nX-Forwarded-Host: App.Test:8080\r\nAccept: */*\r\nContent-Length: 0\r\n",
            upstream);
    }

    [Theory]
    [InlineData("connection close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n", true, false)]
    [InlineData("close among tokens", "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\n\r\n", true, false)]
    [InlineData("head request", "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", false, true)]
    public void ConnectionAndMethodFlags(string _, string request, bool close, bool isHead)
    {
        var (status, head, _) = Parse(request);
        Assert.Equal(HeadStatus.Parsed, status);
        Assert.Equal(close, head.Close);
        Assert.Equal(isHead, head.IsHead);
    }

    [Theory]
    [InlineData("ipv6 literal with port", "[::1]:80", "[::1]")]
    [InlineData("no port", "example.com", "example.com")]
    [InlineData("trailing dot", "example.com.:80", "example.com.")]
    public void HostNameIsTheHeaderWithoutPort(string _, string header, string host)
    {
        var (status, head, _) = Parse($"GET / HTTP/1.1\r\nHost: {header}\r\n\r\n");
        Assert.Equal(HeadStatus.Parsed, status);
        Assert.Equal(host, head.Host);
    }

    [Theory]
    [InlineData("body by length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")]
    [InlineData("chunked body", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("websocket upgrade", "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("expect continue", "PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")]
    [InlineData("HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\n\r\n")]
    [InlineData("escaped path", "GET /a%2Fb HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("dot segment", "GET /a/../b HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("absolute form", "GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("no host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")]
    [InlineData("two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("empty host", "GET / HTTP/1.1\r\nHost: \r\n\r\n")]
    [InlineData("host with a slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n")]
    [InlineData("host with a bad port", "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n")]
    [InlineData("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n")]
    [InlineData("folded header", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n")]
    [InlineData("non-ascii value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: \u00e9\r\n\r\n")]
    [InlineData("bare LF in a value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\n2\r\n\r\n")]
    [InlineData("other connection token", "GET / HTTP/1.1\r\nHost: a\r\nConnection: X-Secret\r\nX-Secret: 1\r\n\r\n")]
    [InlineData("space in target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n")]
    public void UnusualRequestsAreLeftToKestrel(string _, string request) =>
        Assert.Equal(HeadStatus.Unsupported, Parse(request).Status);

    [Theory]
    [InlineData("nothing yet", "")]
    [InlineData("request line only", "GET / HTTP/1.1\r\n")]
    [InlineData("headers without the blank line", "GET / HTTP/1.1\r\nHost: a\r\n")]
    public void PartialHeadWaitsForMore(string _, string request) =>
        Assert.Equal(HeadStatus.Incomplete, Parse(request).Status);

    [Fact]
    public void OversizedHeadIsLeftToKestrel() =>
        Assert.Equal(HeadStatus.Unsupported, Parse("GET / HTTP/1.1\r\nX-A: " + new string('a', RequestHead.MaxLength)).Status);

    [Fact]
    public void RepeatedHostAndPathReuseTheirStrings()
    {
        var head = new RequestHead();
        var bytes = Encoding.ASCII.GetBytes("GET /p HTTP/1.1\r\nHost: a.test\r\n\r\n");
        head.Parse(bytes, new ArrayBufferWriter<byte>());
        var (host, path) = (head.Host, head.Path);
        head.Parse(bytes, new ArrayBufferWriter<byte>());
        Assert.Same(host, head.Host);
        Assert.Same(path, head.Path);
    }
}
