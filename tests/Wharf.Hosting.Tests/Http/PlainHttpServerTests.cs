using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Hosting.Http;

namespace Wharf.Hosting.Tests.Http;

public sealed class PlainHttpServerTests : IAsyncDisposable
{
    private readonly PlainHttpServer _server;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private int _handled;

    public PlainHttpServerTests()
    {
        _server = PlainHttpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), HandleAsync);
    }

    private Task HandleAsync(HttpRequestHead request, Stream connection, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _handled);
        return request.Path == "/echo"
            ? HttpResponseWriter.WriteBodyAsync(connection, 200, "OK", "text/plain", Encoding.UTF8.GetBytes($"{request.Method} {request.Query}"),
                cancellationToken, headOnly: request.Method == "HEAD")
            : HttpResponseWriter.WriteTextAsync(connection, 404, "Not Found", "not found\n", cancellationToken);
    }

    private Uri Url(string pathAndQuery) => new($"http://127.0.0.1:{_server.Endpoint.Port}{pathAndQuery}");

    [Fact]
    public async Task Each_request_reaches_the_handler_with_its_method_path_and_query()
    {
        Assert.Equal("GET a=1", await _http.GetStringAsync(Url("/echo?a=1")));
        Assert.Equal("GET b=2", await _http.GetStringAsync(Url("/echo?b=2")));
        Assert.Equal(2, _handled);
    }

    [Fact]
    public async Task The_handlers_status_reaches_the_client()
    {
        using var response = await _http.GetAsync(Url("/elsewhere"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_head_request_gets_the_length_without_the_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, Url("/echo?q"));
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(6, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task A_malformed_request_line_gets_400_without_calling_the_handler()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.Endpoint.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("nonsense\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);

        Assert.Equal("HTTP/1.1 400 Bad Request", await reader.ReadLineAsync());
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task A_taken_port_is_reported_and_not_served_twice()
    {
        await using var second = PlainHttpServer.TryStart(_server.Endpoint, HandleAsync, NullLogger.Instance, "Test");

        Assert.Null(second);
    }

    [Fact]
    public async Task After_disposal_the_port_refuses_connections()
    {
        var port = _server.Endpoint.Port;
        await _server.DisposeAsync();

        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }
}
