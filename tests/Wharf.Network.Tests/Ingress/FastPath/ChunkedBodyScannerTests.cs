using System.Text;
using Wharf.Network.Ingress.FastPath;

namespace Wharf.Network.Tests.Ingress.FastPath;

public sealed class ChunkedBodyScannerTests
{
    [Theory]
    [InlineData("one chunk", "3\r\nabc\r\n0\r\n\r\n")]
    [InlineData("two chunks, hex sizes", "A\r\n0123456789\r\n1f\r\n0123456789012345678901234567890\r\n0\r\n\r\n")]
    [InlineData("extensions", "3;name=value\r\nabc\r\n0;last\r\n\r\n")]
    [InlineData("trailers", "3\r\nabc\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n")]
    [InlineData("empty body", "0\r\n\r\n")]
    public void FindsTheEndWhateverThePieces(string _, string body)
    {
        var bytes = Encoding.ASCII.GetBytes(body + "HTTP/1.1 200 OK");
        // Every split into two reads gives the same end, right before the next message.
        for (var split = 0; split <= body.Length; split++)
        {
            var scanner = new ChunkedBodyScanner();
            var first = scanner.Scan(bytes.AsSpan(0, split));
            Assert.Equal(split, first);
            Assert.False(scanner.IsDone && split < body.Length);
            var second = scanner.Scan(bytes.AsSpan(split));
            Assert.True(scanner.IsDone);
            Assert.Equal(body.Length, first + second);
        }
    }

    [Theory]
    [InlineData("no size", "\r\nabc\r\n0\r\n\r\n")]
    [InlineData("not hex", "xyz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("data longer than its size", "2\r\nabc\r\n0\r\n\r\n")]
    [InlineData("bare LF after size", "3\nabc\r\n0\r\n\r\n")]
    [InlineData("size overflow", "10000000000000000\r\n")]
    public void MalformedBodyIsRejected(string _, string body) =>
        Assert.Equal(-1, new ChunkedBodyScanner().Scan(Encoding.ASCII.GetBytes(body)));

    [Fact]
    public void ResetStartsANewBody()
    {
        var scanner = new ChunkedBodyScanner();
        scanner.Scan("0\r\n\r\n"u8);
        Assert.True(scanner.IsDone);
        scanner.Reset();
        Assert.Equal(3, scanner.Scan("3\r\n"u8));
        Assert.False(scanner.IsDone);
    }
}
