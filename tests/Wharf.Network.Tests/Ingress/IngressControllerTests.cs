using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Network.Ingress.Metrics;
using Wharf.Network.Tests.Dns;
using Wharf.Network.Tests.Ingress.Routing;

namespace Wharf.Network.Tests.Ingress;

/// <summary>The controller end to end: real API server, real Kestrel + YARP, real HTTP backends on loopback.</summary>
public sealed class IngressControllerTests(IngressFixture fixture) : IClassFixture<IngressFixture>
{
    private static readonly Resource Ingresses = new("networking.k8s.io", "v1", "ingresses", "Ingress", true);
    private static readonly Resource IngressClasses = new("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false);

    [Theory]
    [InlineData("root prefix", "app.test", "/index.html", "web /index.html")]
    [InlineData("longer prefix, port by name", "app.test", "/api/users", "api /api/users")]
    [InlineData("prefix element boundary", "app.test", "/apiary", "web /apiary")]
    [InlineData("exact path", "app.test", "/exact", "api /exact")]
    [InlineData("exact path does not take subpaths", "app.test", "/exact/more", "web /exact/more")]
    [InlineData("wildcard host", "x.wild.test", "/a", "api /a")]
    [InlineData("hostless rule for any host", "whatever.test", "/hostless/x", "web /hostless/x")]
    public async Task RoutesByHostAndPath(string _, string host, string path, string expected)
    {
        var body = await fixture.Client.GetStringAsync(fixture.Http(host, path));

        Assert.StartsWith(expected + " ", body);
    }

    [Fact]
    public async Task BackendSeesTheOriginalHostAndTheClientAddress()
    {
        var body = await fixture.Client.GetStringAsync(fixture.Http("app.test", "/"));

        Assert.Equal($"web / app.test:{fixture.HttpPort} 127.0.0.1", body);
    }

    [Theory]
    [InlineData("unknown host", "nothing.test", "/")]
    [InlineData("known host, no matching path and no default backend", "x.y.wild.test", "/")]
    [InlineData("ingress of another class", "foreign.test", "/")]
    public async Task NoMatchIsNotFound(string _, string host, string path)
    {
        using var response = await fixture.Client.GetAsync(fixture.Http(host, path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("service without endpoints", "empty.test")]
    [InlineData("missing service", "missing.test")]
    public async Task BackendWithoutReadyEndpointsIsUnavailable(string _, string host)
    {
        using var response = await fixture.Client.GetAsync(fixture.Http(host, "/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task RequestWithABodyAfterFastOnesOnTheSameConnectionIsServedByKestrelWithItsWholeBody()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, fixture.HttpPort);
        var buffer = new byte[4096];

        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /fast HTTP/1.1\r\nHost: app.test\r\n\r\n"), SocketFlags.None);
        var first = Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer, SocketFlags.None));
        // The head and part of the body come with the fast path's read; the rest only after Kestrel has the connection.
        await socket.SendAsync(Encoding.ASCII.GetBytes("POST /form HTTP/1.1\r\nHost: app.test\r\nContent-Length: 10\r\n\r\nabc"), SocketFlags.None);
        await Task.Delay(100);
        await socket.SendAsync(Encoding.ASCII.GetBytes("defghij"), SocketFlags.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var second = "";
        while (!second.Contains("web /form ", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0) break;
            second += Encoding.ASCII.GetString(buffer, 0, read);
        }

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", first);
        Assert.Contains("web /fast app.test 127.0.0.1", first);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", second);
        Assert.Contains("web /form app.test 127.0.0.1", second);
    }

    [Fact]
    public async Task RefusedConnectionIsRetriedOnAnotherEndpoint()
    {
        // Nothing else touches flaky.test, so round-robin sends one of the first two requests to the dead endpoint.
        for (var i = 0; i < 6; i++)
        {
            using var response = await fixture.Client.GetAsync(fixture.Http("flaky.test", $"/{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("host with its secret", "secure.test", "CN=secure.test")]
    [InlineData("host whose secret is missing", "broken.test", "CN=Wharf Ingress Fallback Certificate")]
    [InlineData("host without tls", "app.test", "CN=Wharf Ingress Fallback Certificate")]
    public async Task SniSelectsTheCertificate(string _, string host, string subject)
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(fixture.Https(host, "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(subject, fixture.LastServerCertificate);
    }

    [Fact]
    public async Task AcmeChallengeIsNotRedirected()
    {
        var body = await fixture.Client.GetStringAsync(fixture.Http("secure.test", "/.well-known/acme-challenge/token"));

        Assert.StartsWith("web /.well-known/acme-challenge/token ", body);
    }

    [Fact]
    public async Task TlsHostOverPlainHttpIsRedirected()
    {
        using var response = await fixture.Client.GetAsync(fixture.Http("secure.test", "/a/b?x=1"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(fixture.Https("secure.test", "/a/b?x=1"), response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Http2IsNegotiatedOverTls()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.Https("secure.test", "/h2")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.StartsWith("web /h2 ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WebsocketPassesThrough()
    {
        using var socket = new ClientWebSocket();
        using var invoker = new HttpMessageInvoker(fixture.CreateHandler());
        await socket.ConnectAsync(new Uri($"ws://ws.test:{fixture.HttpPort}/chat"), invoker, CancellationToken.None);

        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        Assert.Equal("api:hello", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Fact]
    public async Task WebsocketOverHttp2PassesThrough()
    {
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var invoker = new HttpMessageInvoker(fixture.CreateHandler());
        await socket.ConnectAsync(new Uri($"wss://ws.test:{fixture.HttpsPort}/chat"), invoker, CancellationToken.None);

        await socket.SendAsync(Encoding.UTF8.GetBytes("over h2"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        Assert.Equal("api:over h2", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Fact]
    public async Task PortInUseIsRetriedWithoutFailingTheHost()
    {
        var port = FreePort.Next();
        var holder = new TcpListener(IPAddress.Loopback, port);
        holder.Start();
        using var stop = new CancellationTokenSource();
        var controller = fixture.RunControllerAsync(port, 0, stop.Token);
        try
        {
            await Task.Delay(1500);
            Assert.False(controller.IsCompleted, "the controller gave up while its port was taken");
            holder.Stop();
            await Eventually(async () => (await fixture.Client.GetAsync($"http://app.test:{port}/")).StatusCode == HttpStatusCode.OK);
        }
        finally
        {
            holder.Stop();
            stop.Cancel();
            await controller;
        }
    }

    [Fact]
    public async Task ConfigChangeKeepsTheRequestInFlightAndTakesEffect()
    {
        await fixture.CreateIngressAsync(new IngressBuilder("changing").Rule("change.test", "/", "Prefix", "web", 80));
        await Eventually(async () => (await fixture.Client.GetAsync(fixture.Http("change.test", "/"))).StatusCode == HttpStatusCode.OK);

        var slow = fixture.Client.GetAsync(fixture.Http("change.test", "/slow?delayMs=1500"));
        await Task.Delay(300);
        var ingress = await fixture.ApiClient.GetAsync(Ingresses, IngressFixture.Ns, "changing", CancellationToken.None);
        ingress["spec"]!["rules"]![0]!["http"]!["paths"]!.AsArray().Add(JsonNode.Parse("""{"path":"/new","pathType":"Prefix","backend":{"service":{"name":"api","port":{"number":8080}}}}"""));
        await fixture.ApiClient.UpdateAsync(Ingresses, ingress, CancellationToken.None);
        await Eventually(async () => (await fixture.Client.GetStringAsync(fixture.Http("change.test", "/new"))).StartsWith("api "));

        using var response = await slow;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("web /slow ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EndpointTurningUnreadyAndIngressDeletionTakeEffect()
    {
        await fixture.CreateServiceAsync("toggle", """[{"port":80}]""", [fixture.Web.Port], "");
        await fixture.CreateIngressAsync(new IngressBuilder("toggle").Rule("toggle.test", "/", "Prefix", "toggle", 80));
        await Eventually(async () => (await fixture.Client.GetAsync(fixture.Http("toggle.test", "/"))).StatusCode == HttpStatusCode.OK);

        var slice = await fixture.ApiClient.GetAsync(Resource.EndpointSlices, IngressFixture.Ns, "toggle-0", CancellationToken.None);
        slice["endpoints"]![0]!["conditions"] = new JsonObject { ["ready"] = false };
        await fixture.ApiClient.UpdateAsync(Resource.EndpointSlices, slice, CancellationToken.None);
        await Eventually(async () => (await fixture.Client.GetAsync(fixture.Http("toggle.test", "/"))).StatusCode == HttpStatusCode.ServiceUnavailable);

        await fixture.ApiClient.DeleteAsync(Ingresses, IngressFixture.Ns, "toggle", null, CancellationToken.None);
        await Eventually(async () => (await fixture.Client.GetAsync(fixture.Http("toggle.test", "/"))).StatusCode == HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("port by number", "external-number", null)]
    [InlineData("port by name", "external-name", "web")]
    public async Task ExternalNameServiceIsProxiedToItsName(string _, string name, string? portName)
    {
        // "localhost" goes through the host resolver to loopback, where the web backend listens.
        await fixture.CreateExternalNameServiceAsync(name, "localhost", $$"""[{"name":"web","port":{{fixture.Web.Port}}}]""");
        await fixture.CreateIngressAsync(new IngressBuilder(name).Rule($"{name}.test", "/", "Prefix", name, portName ?? (object)fixture.Web.Port));

        string? body = null;
        await Eventually(async () => (body = await fixture.Client.GetStringAsync(fixture.Http($"{name}.test", "/via-dns"))).Length > 0);

        Assert.Equal($"web /via-dns {name}.test:{fixture.HttpPort} 127.0.0.1", body);
    }

    [Theory]
    [InlineData("routed and answered", "app.test", "/metrics-probe", "default", "routes", "web", "200")]
    [InlineData("routed, no endpoints", "empty.test", "/", "default", "nowhere", "empty", "503")]
    [InlineData("no rule", "unrouted.test", "/", "", "", "", "404")]
    public async Task RequestsAreCountedAndTimedByRouteAndStatus(string _, string host, string path, string ns, string ingress, string service, string status)
    {
        var labels = $$"""{namespace="{{ns}}",ingress="{{ingress}}",service="{{service}}",status="{{status}}"}""";
        var before = Sample(IngressMetrics.RequestsName + labels);

        for (var i = 0; i < 3; i++)
            (await fixture.Client.GetAsync(fixture.Http(host, path))).Dispose();

        Assert.Equal(before + 3, Sample(IngressMetrics.RequestsName + labels));
        Assert.True(Sample(IngressMetrics.DurationName + "_count" + labels) >= 3);
        Assert.True(Sample(IngressMetrics.DurationName + "_sum" + labels) > 0);
    }

    /// <summary>The value of one sample line in the controller's Prometheus text, 0 when absent.</summary>
    private double Sample(string series)
    {
        using var text = new StringWriter();
        fixture.Metrics.WriteTo(text);
        var line = Regex.Match(text.ToString(), "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        return line.Success ? double.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task StatusListsTheNodeAddresses()
    {
        JsonNode? addresses = null;
        await Eventually(async () =>
        {
            var ingress = await fixture.ApiClient.GetAsync(Ingresses, IngressFixture.Ns, "routes", CancellationToken.None);
            addresses = ingress["status"]?["loadBalancer"]?["ingress"];
            return addresses is not null;
        });

        Assert.Equal("""[{"ip":"127.0.0.1"}]""", addresses!.ToJsonString());
    }

    [Fact]
    public async Task DefaultIngressClassIsInstalled()
    {
        var ingressClass = await fixture.ApiClient.GetAsync(IngressClasses, null, "wharf", CancellationToken.None);

        Assert.Equal("wharf.io/ingress-controller", ingressClass["spec"]!["controller"]!.GetValue<string>());
        Assert.Equal("true", ingressClass["metadata"]!["annotations"]!["ingressclass.kubernetes.io/is-default-class"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("missing service", "nowhere", "ServiceNotFound", "Service default/nope not found")]
    [InlineData("missing secret", "secure", "SecretNotFound", "Secret default/missing-tls not found")]
    public async Task ProblemsAreWarningEvents(string _, string ingress, string reason, string message)
    {
        JsonObject? found = null;
        await Eventually(async () =>
        {
            var events = await fixture.ApiClient.ListAsync(Resource.Events, IngressFixture.Ns, null, CancellationToken.None);
            found = events["items"]!.AsArray().OfType<JsonObject>().FirstOrDefault(e =>
                e["involvedObject"]?["name"]?.GetValue<string>() == ingress && e["reason"]?.GetValue<string>() == reason);
            return found is not null;
        });

        Assert.Equal("Warning", found!["type"]!.GetValue<string>());
        Assert.Equal("Ingress", found["involvedObject"]!["kind"]!.GetValue<string>());
        Assert.Equal(message, found["message"]!.GetValue<string>());
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(100);
        }
    }
}
