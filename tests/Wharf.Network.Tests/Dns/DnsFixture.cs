using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.ApiServer.Hosting;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Network.Dns;

namespace Wharf.Network.Tests.Dns;

/// <summary>
/// An in-process API server holding a few services and EndpointSlices, a fake upstream, and the cluster DNS server
/// between them on a loopback port.
/// </summary>
public sealed class DnsFixture : IAsyncLifetime
{
    public const string Ns = "default";
    public const int ManyEndpoints = 60;

    private readonly CancellationTokenSource _stop = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("wharf-dns-test-").FullName;
    private ApiServerHost? _host;
    private FakeUpstream? _upstream;
    private Task? _dns;

    public int Port { get; } = FreePort.Next();

    public int MetricsPort { get; } = FreePort.Next();

    internal ApiClient Client { get; private set; } = null!;

    public string WebClusterIp { get; private set; } = "";

    internal FakeUpstream Upstream => _upstream!;

    public async Task InitializeAsync()
    {
        _host = await ApiServerHost.StartAsync(new ApiServerOptions { DataDirectory = _dataDir, BindAddress = IPAddress.Loopback, HttpsPort = 0 }, _ => { }, CancellationToken.None);
        var client = ApiClient.Create(_host.Url, _host.Pki.Ca, _host.Pki.Admin);
        Client = client;
        var ct = _stop.Token;

        var web = await client.CreateAsync(Resource.Services, Ns, Service("web", null, """[{"name":"http","port":80,"protocol":"TCP"},{"name":"metrics","port":81,"protocol":"UDP"}]"""), ct);
        WebClusterIp = web["spec"]!["clusterIP"]!.GetValue<string>();
        await client.CreateAsync(Resource.Services, Ns, Service("db", "None", """[{"name":"pg","port":5432,"protocol":"TCP"}]"""), ct);
        await client.CreateAsync(Resource.EndpointSlices, Ns, Slice("db-abc", "db", """
            [{"addresses":["10.42.0.5"],"hostname":"db-0","conditions":{"ready":true}},
             {"addresses":["10.42.0.6"]},
             {"addresses":["10.42.0.7"],"conditions":{"ready":false}}]
            """, """[{"name":"pg","port":5432,"protocol":"TCP"}]"""), ct);
        var many = string.Join(",", Enumerable.Range(1, ManyEndpoints).Select(i => $$"""{"addresses":["10.42.1.{{i}}"]}"""));
        await client.CreateAsync(Resource.Services, Ns, Service("many", "None", "[]"), ct);
        await client.CreateAsync(Resource.EndpointSlices, Ns, Slice("many-abc", "many", $"[{many}]", "[]"), ct);
        await client.CreateAsync(Resource.Services, Ns, (JsonObject)JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"www.example.test"}}
            """)!, ct);

        _upstream = new FakeUpstream(FreePort.Next());
        var resolvConf = Path.Combine(_dataDir, "resolv.conf");
        await File.WriteAllTextAsync(resolvConf, "# test\nsearch example.test\nnameserver 127.0.0.1\n", ct);
        var options = new ClusterDnsOptions
        {
            ListenAddress = IPAddress.Loopback,
            Port = Port,
            ResolvConfPath = resolvConf,
            UpstreamPort = _upstream.Port,
            MetricsPort = MetricsPort,
        };
        _dns = ClusterDnsServer.RunAsync(options, client, NullLoggerFactory.Instance, ct);

        // The server listens only once its caches synced; wait until the last object created is visible.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                var answer = await QueryAsync($"ext.{Ns}.svc.cluster.local", RecordType.A, tcp: false);
                if (answer?.AnswerRecords.OfType<CNameRecord>().Any() == true) break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }
            if (_dns.IsCompleted) await _dns; // a server that stopped says why
            if (DateTime.UtcNow > deadline) throw new TimeoutException("cluster DNS did not come up");
            await Task.Delay(100);
        }
    }

    /// <summary>Sends one query straight to the server (no fallback to TCP, so truncation stays visible).</summary>
    public async Task<DnsMessage?> QueryAsync(string name, RecordType type, bool tcp)
    {
        IClientTransport transport = tcp ? new TcpClientTransport(Port) : new UdpClientTransport(Port);
        // Generous: on a loaded 2-core machine an answer can take seconds; a lost one still fails the test.
        using var client = new DnsClient([IPAddress.Loopback], [transport], true, 10_000);
        var query = new DnsMessage { IsRecursionDesired = true };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        return await client.SendMessageAsync(query);
    }

    /// <summary>
    /// One query over a bare UDP socket: DnsClient drops truncated UDP answers, but tests need to see the TC bit.
    /// </summary>
    public async Task<DnsMessage> RawUdpQueryAsync(string name, RecordType type) =>
        DnsMessage.Parse(await RawUdpAsync(RawQuery(name, type), TimeSpan.FromSeconds(2)) ?? throw new TimeoutException($"no answer for {name}"));

    /// <summary>
    /// A query written by hand (header, one question, optionally a bare OPT record), since the library keeps its
    /// encoder internal and tests need exact bytes.
    /// </summary>
    public static byte[] RawQuery(string name, RecordType type, ushort id = 0x1234, ushort? ednsPayload = null)
    {
        var message = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, (byte)(ednsPayload is null ? 0 : 1) };
        foreach (var label in name.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }
        message.AddRange([0, (byte)((int)type >> 8), (byte)type, 0, 1]);
        if (ednsPayload is { } size) message.AddRange([0, 0, 41, (byte)(size >> 8), (byte)size, 0, 0, 0, 0, 0, 0]);
        return message.ToArray();
    }

    /// <summary>Sends raw bytes to the server over UDP; the reply's bytes, or null when none came within <paramref name="timeout"/>.</summary>
    public async Task<byte[]?> RawUdpAsync(byte[] packet, TimeSpan timeout)
    {
        using var udp = new System.Net.Sockets.UdpClient(AddressFamily.InterNetwork);
        await udp.SendAsync(packet, new IPEndPoint(IPAddress.Loopback, Port));
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return (await udp.ReceiveAsync(cancel.Token)).Buffer;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The server's Prometheus text from its metrics port.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync($"http://127.0.0.1:{MetricsPort}/metrics");
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        if (_dns is not null) await _dns;
        _upstream?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static JsonObject Service(string name, string? clusterIp, string ports)
    {
        var spec = new JsonObject { ["ports"] = JsonNode.Parse(ports) };
        if (clusterIp is not null) spec["clusterIP"] = clusterIp;
        if (ports == "[]") spec.Remove("ports");
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }

    private static JsonObject Slice(string name, string service, string endpoints, string ports) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service } },
        ["addressType"] = "IPv4",
        ["endpoints"] = JsonNode.Parse(endpoints),
        ["ports"] = JsonNode.Parse(ports),
    };
}
