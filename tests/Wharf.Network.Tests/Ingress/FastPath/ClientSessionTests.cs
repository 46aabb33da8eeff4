using System.Net;
using System.Net.Sockets;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.Metrics;

namespace Wharf.Network.Tests.Ingress.FastPath;

public sealed class ClientSessionTests
{
    private const string Get = "GET {0} HTTP/1.1\r\nHost: app.test\r\n\r\n";

    private static string Request(string path) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Get, path);

    private static string Ok(string body) => $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}";

    [Fact]
    public async Task RequestGoesUpstreamWithForwardedHeadersReplaced()
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);

        await client.SendAsync("GET /a?q=1 HTTP/1.1\r\nHost: app.test:8080\r\nX-Forwarded-For: 6.6.6.6\r\nX-Real-IP: 6.6.6.6\r\nAccept: */*\r\n\r\n");

        Assert.Equal(Ok("/a?q=1"), await client.ReceiveUntilAsync("/a?q=1"));
        var head = Assert.Single(backend.Requests);
        Assert.StartsWith("GET /a?q=1 HTTP/1.1\r\nHost: app.test:8080\r\n", head);
        Assert.Contains("\r\nAccept: */*\r\n", head);
        Assert.Contains("\r\nX-Forwarded-Host: app.test:8080\r\n", head);
        Assert.Contains("\r\nX-Forwarded-Proto: http\r\n", head);
        Assert.Contains($"\r\nX-Forwarded-Port: {client.Port}\r\n", head);
        Assert.Contains("\r\nX-Forwarded-For: 127.0.0.1\r\n", head);
        Assert.Contains("\r\nX-Real-IP: 127.0.0.1\r\n", head);
        Assert.DoesNotContain("6.6.6.6", head);
    }

    [Fact]
    public async Task KeepAliveRequestsShareOneBackendConnectionAndAreCounted()
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);

        foreach (var path in new[] { "/1", "/2", "/3" })
        {
            await client.SendAsync(Request(path));
            Assert.Equal(Ok(path), await client.ReceiveUntilAsync(path));
        }

        Assert.Equal(1, backend.Connections);
        Assert.Contains(IngressMetrics.RequestsName + """{namespace="default",ingress="web",service="web",status="200"} 3""", await client.MetricsOnceCountedAsync(3));
    }

    [Fact]
    public async Task PipelinedRequestsAreAnsweredInOrder()
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);

        await client.SendAsync(Request("/first") + Request("/second"));

        Assert.Equal(Ok("/first") + Ok("/second"), await client.ReceiveUntilAsync(Ok("/second")));
    }

    [Theory]
    [InlineData("in one piece", new[] { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n" })]
    [InlineData("head and chunks apart", new[] { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "3\r\nabc\r\n", "2\r\nde\r\n0\r\n", "\r\n" })]
    [InlineData("with trailers", new[] { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\nX-Sum: 1\r\n", "\r\n" })]
    public async Task ChunkedResponsePassesThroughAndTheConnectionGoesOn(string _, string[] pieces)
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);
        backend.Respond = head => ScriptedBackend.Path(head) == "/chunked" ? pieces : [Ok("/next")];
        var whole = string.Concat(pieces);

        await client.SendAsync(Request("/chunked"));
        Assert.Equal(whole, await client.ReceiveUntilAsync(whole[whole.IndexOf("\r\n\r\n", StringComparison.Ordinal)..][4..] is var body && body.Length > 0 ? body : whole));
        await client.SendAsync(Request("/next"));
        Assert.Equal(Ok("/next"), await client.ReceiveUntilAsync("/next"));
        Assert.Equal(1, backend.Connections);
    }

    [Fact]
    public async Task LongBodyArrivingInPiecesIsRelayedWhole()
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);
        var body = new string('x', 100_000) + "END";
        backend.Respond = _ => [$"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body[..40_000]}", body[40_000..]];

        await client.SendAsync(Request("/big"));

        Assert.Equal($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}", await client.ReceiveUntilAsync("END"));
    }

    [Fact]
    public async Task PooledConnectionClosedByTheBackendIsReplacedWithoutAnError()
    {
        await using var backend = new ScriptedBackend { CloseAfterResponse = true };
        await using var client = new FastPathHarness(backend.Port);

        await client.SendAsync(Request("/1"));
        Assert.Equal(Ok("/1"), await client.ReceiveUntilAsync("/1"));
        await Task.Delay(100); // the backend's close reaches the pooled socket
        await client.SendAsync(Request("/2"));

        Assert.Equal(Ok("/2"), await client.ReceiveUntilAsync("/2"));
        Assert.Equal(2, backend.Connections);
    }

    [Fact]
    public async Task BodyUntilCloseEndsTheClientConnection()
    {
        await using var backend = new ScriptedBackend { CloseAfterResponse = true };
        await using var client = new FastPathHarness(backend.Port);
        backend.Respond = _ => ["HTTP/1.1 200 OK\r\n\r\nfirst part ", "rest"];

        await client.SendAsync(Request("/"));

        Assert.Equal("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nfirst part rest", await client.ReceiveUntilAsync("rest"));
        Assert.True(await client.ClosedByProxyAsync());
    }

    [Fact]
    public async Task ClientAskingToCloseIsAnsweredAndClosed()
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);

        await client.SendAsync("GET /bye HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\n/bye", await client.ReceiveUntilAsync("/bye"));
        Assert.True(await client.ClosedByProxyAsync());
        Assert.DoesNotContain("onnection", Assert.Single(backend.Requests));
    }

    [Theory]
    [InlineData("no route for the host", "GET / HTTP/1.1\r\nHost: other.test\r\n\r\n")]
    [InlineData("request with a body", "POST /form HTTP/1.1\r\nHost: app.test\r\nContent-Length: 3\r\n\r\na=b")]
    [InlineData("websocket upgrade", "GET /ws HTTP/1.1\r\nHost: app.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")]
    public async Task RequestsItDoesNotServeAreHandedOverUnread(string _, string request)
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);

        await client.SendAsync(Request("/served"));
        Assert.Equal(Ok("/served"), await client.ReceiveUntilAsync("/served"));
        await client.SendAsync(request);

        Assert.Equal(request, await client.ReadHandedOverAsync(request.Length));
        Assert.Single(backend.Requests);
    }

    [Fact]
    public async Task PipelinedRequestItDoesNotServeFollowsTheAnswerBeforeItAndItsBodyTheBytesAlreadyRead()
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);
        const string post = "POST /form HTTP/1.1\r\nHost: app.test\r\nContent-Length: 10\r\n\r\n";

        await client.SendAsync(Request("/served") + post + "abc");
        Assert.Equal(Ok("/served"), await client.ReceiveUntilAsync("/served"));
        await Task.Delay(50);
        await client.SendAsync("defghij");

        Assert.Equal(post + "abcdefghij", await client.ReadHandedOverAsync(post.Length + 10));
    }

    [Theory]
    [InlineData("request line apart", new[] { "GET /split HT", "TP/1.1\r\nHost: app.test\r\n\r\n" })]
    [InlineData("byte by byte at the end", new[] { "GET /split HTTP/1.1\r\nHost: app.test\r", "\n", "\r", "\n" })]
    [InlineData("headers in three pieces", new[] { "GET /split HTTP/1.1\r\n", "Host: app", ".test\r\nAccept: */*\r\n\r\n" })]
    public async Task RequestHeadArrivingInPiecesIsServed(string _, string[] pieces)
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);

        foreach (var piece in pieces)
        {
            await client.SendAsync(piece);
            await Task.Delay(30);
        }

        Assert.Equal(Ok("/split"), await client.ReceiveUntilAsync("/split"));
        Assert.StartsWith("GET /split HTTP/1.1\r\nHost: app.test\r\n", Assert.Single(backend.Requests));
    }

    [Theory]
    [InlineData("content-length", false)]
    [InlineData("chunked", true)]
    public async Task LargeResponseReachesAClientThatReadsLateWholeAndTheConnectionGoesOn(string _, bool chunked)
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);
        var body = string.Concat(Enumerable.Range(0, 200_000).Select(i => (char)('a' + (i % 26)))) + "END";
        var response = chunked
            ? $"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{body.Length:x}\r\n{body}\r\n0\r\n\r\n"
            : $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}";
        backend.Respond = head => ScriptedBackend.Path(head) == "/big" ? [response[..1000], response[1000..]] : [Ok("/next")];

        await client.SendAsync(Request("/big"));
        await Task.Delay(300); // socket buffers fill up: the proxy must wait for the client, not drop bytes

        Assert.Equal(response, await client.ReceiveUntilAsync(chunked ? "END\r\n0\r\n\r\n" : "END"));
        await client.SendAsync(Request("/next"));
        Assert.Equal(Ok("/next"), await client.ReceiveUntilAsync("/next"));
        Assert.Equal(1, backend.Connections);
    }

    [Fact]
    public async Task BackendClosingInTheMiddleOfABodyCutsTheClientConnection()
    {
        await using var backend = new ScriptedBackend { CloseAfterResponse = true };
        await using var client = new FastPathHarness(backend.Port);
        backend.Respond = _ => ["HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b"];

        await client.SendAsync(Request("/cut"));

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b", await client.ReceiveUntilAsync("only ten b"));
        Assert.True(await client.ClosedByProxyAsync());
        Assert.Contains("""status="200"} 1""", await client.MetricsOnceCountedAsync());
    }

    [Fact]
    public async Task ClientClosingInTheMiddleOfAResponseLeavesTheProxyServingOthers()
    {
        await using var backend = new ScriptedBackend();
        await using var client = new FastPathHarness(backend.Port);
        var body = new string('x', 4_000_000);
        backend.Respond = head => ScriptedBackend.Path(head) == "/huge" ? [$"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n", body] : [Ok("/other")];

        await client.SendAsync(Request("/huge"));
        Assert.StartsWith("HTTP/1.1 200 OK", await client.ReceiveUntilAsync("\r\n\r\n"));
        client.Client.Close();

        using var other = client.Connect();
        await other.SendAsync(System.Text.Encoding.Latin1.GetBytes(Request("/other")), SocketFlags.None);
        var buffer = new byte[1024];
        var received = await other.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(Ok("/other"), System.Text.Encoding.Latin1.GetString(buffer, 0, received));
        Assert.Contains("""status="200"} 2""", await client.MetricsOnceCountedAsync(2));
        Assert.Equal(2, backend.Connections); // the cut response's backend connection was not reused
    }

    [Fact]
    public async Task StoppingAnswersTheRequestInFlightWithCloseClosesIdleConnectionsAndFreesThePort()
    {
        await using var backend = new ScriptedBackend { PieceDelay = TimeSpan.FromMilliseconds(500) };
        await using var client = new FastPathHarness(backend.Port);
        backend.Respond = _ => ["HTTP/1.1 200 OK\r\nContent-Length: 4\r\n", "\r\nslow"];
        using var idle = client.Connect();
        await client.SendAsync(Request("/slow"));
        while (backend.Requests.IsEmpty) await Task.Delay(5); // the backend has the request; its answer takes 500 ms

        await client.Listener.UnbindAsync();

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nslow", await client.ReceiveUntilAsync("slow"));
        Assert.True(await client.ClosedByProxyAsync());
        Assert.Equal(0, await idle.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(5)));
        using var again = new Socket(SocketType.Stream, ProtocolType.Tcp);
        again.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        again.Bind(new IPEndPoint(IPAddress.Loopback, client.Port));
    }

    [Fact]
    public async Task RefusedEndpointIsSkippedAndLeftOut()
    {
        await using var backend = new ScriptedBackend();
        var dead = DeadPort();
        await using var client = new FastPathHarness(dead, backend.Port);

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(Request("/r"));
            Assert.Equal(Ok("/r"), await client.ReceiveUntilAsync("/r"));
        }
        Assert.False(client.Health.IsHealthy(Destination.For("127.0.0.1", dead)));
    }

    [Theory]
    [InlineData("every endpoint refuses", null)]
    [InlineData("backend answers garbage", "SSH-2.0-OpenSSH\r\n\r\n")]
    public async Task NoUsableResponseIsBadGateway(string _, string? answer)
    {
        await using var backend = new ScriptedBackend();
        backend.Respond = _ => [answer!];
        await using var client = new FastPathHarness(answer is null ? DeadPort() : backend.Port);

        await client.SendAsync(Request("/x"));

        Assert.Equal("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n", await client.ReceiveUntilAsync("\r\n\r\n"));
        Assert.Contains("""status="502"} 1""", await client.MetricsOnceCountedAsync());
    }

    /// <summary>A loopback port nobody listens on.</summary>
    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
