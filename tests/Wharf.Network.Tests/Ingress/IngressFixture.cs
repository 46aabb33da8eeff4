using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.ApiServer.Hosting;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Network.Ingress;
using Wharf.Network.Ingress.Metrics;
using Wharf.Network.Tests.Dns;
using Wharf.Network.Tests.Ingress.Routing;

namespace Wharf.Network.Tests.Ingress;

/// <summary>
/// An in-process API server, two backend "pods" on loopback, and the ingress controller on two free loopback
/// ports. Services and EndpointSlices are written by hand (no endpoint controller runs here), pointing at
/// 127.0.0.1 with the backends' ports. Clients reach any host name through <see cref="Client"/>, whose connect
/// callback goes to 127.0.0.1 like <c>curl --resolve</c>.
/// </summary>
public sealed class IngressFixture : IAsyncLifetime
{
    public const string Ns = "default";

    private readonly CancellationTokenSource _stop = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("wharf-ingress-test-").FullName;
    private ApiServerHost? _host;
    private Task? _controller;

    public int HttpPort { get; } = FreePort.Next();

    public int HttpsPort { get; } = FreePort.Next();

    /// <summary>A port nobody listens on: connections to it are refused.</summary>
    public int DeadPort { get; } = FreePort.Next();

    internal TestBackend Web { get; private set; } = null!;

    /// <summary>Where every controller this fixture runs counts its requests.</summary>
    public IngressMetrics Metrics { get; } = new();

    internal TestBackend Api { get; private set; } = null!;

    public IApiClient ApiClient { get; private set; } = null!;

    /// <summary>Subject of the certificate the last TLS handshake presented.</summary>
    public string? LastServerCertificate { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Web = await TestBackend.StartAsync("web");
        Api = await TestBackend.StartAsync("api");
        _host = await ApiServerHost.StartAsync(new ApiServerOptions { DataDirectory = _dataDir, BindAddress = IPAddress.Loopback, HttpsPort = 0 }, _ => { }, CancellationToken.None);
        ApiClient = Wharf.Client.Rest.ApiClient.Create(_host.Url, _host.Pki.Ca, _host.Pki.Admin);
        var ct = _stop.Token;

        await CreateServiceAsync("web", """[{"name":"http","port":80,"targetPort":8080}]""", [Web.Port], "http");
        await CreateServiceAsync("api", """[{"name":"api","port":8080}]""", [Api.Port], "api");
        await CreateServiceAsync("empty", """[{"port":80}]""", [], "");
        await CreateServiceAsync("flaky", """[{"port":80}]""", [DeadPort, Web.Port], "");
        await ApiClient.CreateAsync(Resource.Secrets, Ns, TestCertificates.SecretFor("secure-tls", "secure.test"), ct);

        await CreateIngressAsync(new IngressBuilder("routes")
            .Rule("app.test", "/", "Prefix", "web", 80)
            .Rule("app.test", "/api", "Prefix", "api", "api")
            .Rule("app.test", "/exact", "Exact", "api", 8080)
            .Rule("*.wild.test", "/", "Prefix", "api", 8080)
            .Rule(null, "/hostless", "Prefix", "web", "http"));
        await CreateIngressAsync(new IngressBuilder("secure").Tls("secure-tls", "secure.test").Tls("missing-tls", "broken.test")
            .Rule("secure.test", "/", "Prefix", "web", 80)
            .Rule("broken.test", "/", "Prefix", "web", 80)
            .Rule("ws.test", "/", "Prefix", "api", 8080));
        await CreateIngressAsync(new IngressBuilder("nowhere").Rule("empty.test", "/", "Prefix", "empty", 80).Rule("missing.test", "/", "Prefix", "nope", 80));
        await CreateIngressAsync(new IngressBuilder("flaky").Rule("flaky.test", "/", "Prefix", "flaky", 80));
        await CreateIngressAsync(new IngressBuilder("foreign", className: "nginx").Rule("foreign.test", "/", "Prefix", "web", 80));

        _controller = RunControllerAsync(HttpPort, HttpsPort, ct);

        Client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var response = await Client.GetAsync(Http("app.test", "/"), ct);
                if (response.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("ingress controller did not come up");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Runs a controller (with its own informers) on the given ports until <paramref name="ct"/> fires.</summary>
    public Task RunControllerAsync(int httpPort, int httpsPort, CancellationToken ct)
    {
        var options = new IngressOptions
        {
            HttpPort = httpPort,
            HttpsPort = httpsPort,
            BindAddresses = [IPAddress.Loopback],
            StatusAddresses = ["127.0.0.1"],
            Metrics = Metrics,
        };
        var informers = new SharedInformerFactory(ApiClient, null, NullLoggerFactory.Instance);
        return IngressController.RunAsync(options, ApiClient, informers, NullLoggerFactory.Instance, ct);
    }

    public string Http(string host, string pathAndQuery) => $"http://{host}:{HttpPort}{pathAndQuery}";

    public string Https(string host, string pathAndQuery) => $"https://{host}:{HttpsPort}{pathAndQuery}";

    /// <summary>A client whose connections all go to 127.0.0.1 (same port), keeping host name and SNI.</summary>
    public HttpClient CreateClient() => new(CreateHandler()) { Timeout = TimeSpan.FromSeconds(15) };

    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                LastServerCertificate = certificate is null ? null : new X509Certificate2(certificate).Subject;
                return true;
            },
        },
    };

    internal async Task CreateIngressAsync(IngressBuilder ingress) =>
        await ApiClient.CreateAsync(new Resource("networking.k8s.io", "v1", "ingresses", "Ingress", true), Ns, Strip(ingress.Json), _stop.Token);

    public async Task CreateServiceAsync(string name, string ports, int[] endpointPorts, string portName)
    {
        var service = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["ports"] = JsonNode.Parse(ports) },
        };
        await ApiClient.CreateAsync(Resource.Services, Ns, service, _stop.Token);
        // One slice per endpoint port: a slice has one port list, and the backends listen on different ports.
        for (var i = 0; i < endpointPorts.Length; i++)
        {
            var slicePort = new JsonObject { ["port"] = endpointPorts[i], ["protocol"] = "TCP" };
            if (portName.Length > 0) slicePort["name"] = portName;
            await ApiClient.CreateAsync(Resource.EndpointSlices, Ns, new JsonObject
            {
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["kind"] = "EndpointSlice",
                ["metadata"] = new JsonObject { ["name"] = $"{name}-{i}", ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = name } },
                ["addressType"] = "IPv4",
                ["endpoints"] = new JsonArray(new JsonObject { ["addresses"] = new JsonArray("127.0.0.1"), ["conditions"] = new JsonObject { ["ready"] = true } }),
                ["ports"] = new JsonArray(slicePort),
            }, _stop.Token);
        }
    }

    /// <summary>An ExternalName Service (no endpoints, no cluster IP) for <paramref name="externalName"/>.</summary>
    public async Task CreateExternalNameServiceAsync(string name, string externalName, string ports) =>
        await ApiClient.CreateAsync(Resource.Services, Ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["type"] = "ExternalName", ["externalName"] = externalName, ["ports"] = JsonNode.Parse(ports) },
        }, _stop.Token);

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        if (_controller is not null) await _controller;
        Client?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        if (Web is not null) await Web.DisposeAsync();
        if (Api is not null) await Api.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The builder sets creationTimestamp for unit tests; the server assigns its own.</summary>
    private static JsonObject Strip(JsonObject ingress)
    {
        var copy = ingress.DeepClone().AsObject();
        copy["metadata"]!.AsObject().Remove("creationTimestamp");
        return copy;
    }
}
