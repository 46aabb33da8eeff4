using System.Text;
using Wharf.Scheduler.Hosting;

namespace Wharf.Scheduler.Tests.Hosting;

public sealed class HttpRequestHeadTests
{
    [Theory]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "GET", "/metrics")]
    [InlineData("HEAD /readyz?verbose HTTP/1.0\r\n\r\n", "HEAD", "/readyz")]
    [InlineData("POST / HTTP/1.1\r\n\r\n", "POST", "/")]
    public void Parse_ReadsMethodAndPath(string head, string method, string path)
    {
        Assert.Equal(new HttpRequestHead(method, path), HttpRequestHead.Parse(Encoding.ASCII.GetBytes(head)));
    }

    [Theory]
    [InlineData("hello\r\n\r\n")]
    [InlineData("GET /metrics\r\n\r\n")]
    [InlineData("GET /metrics HTTP/2\r\n\r\n")]
    [InlineData(" /metrics HTTP/1.1\r\n\r\n")]
    public void Parse_RefusesWhatIsNotAnHttp1RequestLine(string head)
    {
        Assert.Null(HttpRequestHead.Parse(Encoding.ASCII.GetBytes(head)));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n", -1)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", 18)]
    [InlineData("GET / HTTP/1.1\r\n\r\nbody", 18)]
    public void HeadLength_FindsTheBlankLine(string received, int expected)
    {
        Assert.Equal(expected, HttpRequestHead.HeadLength(Encoding.ASCII.GetBytes(received)));
    }
}
