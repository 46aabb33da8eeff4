using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Hosting;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Hosting;

/// <summary>
/// The loopback Unix socket of the in-process components: HTTP/2 cleartext, served as system:apiserver, mode 0600,
/// replaced when stale and removed on shutdown; the TLS port is unchanged.
/// </summary>
public sealed class LoopbackSocketTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private ApiServerHost _host = null!;
    private string _socket = null!;

    public async Task InitializeAsync()
    {
        _socket = Path.Combine(_directory.Path, "apiserver.sock");
        // A regular file where the socket goes, as a crashed server would leave its socket: the start must replace it.
        await File.WriteAllTextAsync(_socket, "stale");
        _host = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = _directory.Path, BindAddress = IPAddress.Loopback, HttpsPort = 0, NodeName = "test-node",
            LoopbackSocketPath = _socket,
        }, _ => { }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task SelfSubjectReview_OverTheSocket_IsTheApiServersLoopbackIdentity()
    {
        using var http = SocketClient();
        var review = """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""";
        using var response = await http.SendAsync(Request(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews", review));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var user = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!["userInfo"]!;
        Assert.Equal("system:apiserver", user["username"]!.GetValue<string>());
        Assert.Equal(["system:masters", "system:authenticated"], user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    [Fact]
    public async Task Write_OverTheSocket_IsAllowedAndRecordsTheFieldManager()
    {
        using var http = SocketClient();
        var ns = """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"over-socket"}}""";
        using var response = await http.SendAsync(Request(HttpMethod.Post, "/api/v1/namespaces?fieldManager=loopback-test", ns));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var fetched = await http.SendAsync(Request(HttpMethod.Get, "/api/v1/namespaces/over-socket", null));
        var managers = JsonNode.Parse(await fetched.Content.ReadAsStringAsync())!["metadata"]!["managedFields"]!.AsArray();
        Assert.Contains(managers, m => m!["manager"]!.GetValue<string>() == "loopback-test");
    }

    [Fact]
    public void SocketFile_IsOnlyForTheServersUser()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_socket));
        Assert.Equal(_socket, _host.LoopbackSocketPath);
    }

    [Theory]
    [InlineData("/api/v1/namespaces")]
    [InlineData("/apis/authentication.k8s.io/v1/selfsubjectreviews")]
    public async Task TcpRequestWithoutCredentials_IsStillUnauthorized(string path)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null },
        }) { BaseAddress = _host.Url };
        using var response = await http.SendAsync(Request(HttpMethod.Get, path, null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Shutdown_RemovesTheSocketFile()
    {
        Assert.True(File.Exists(_socket));
        await _host.DisposeAsync();

        Assert.False(File.Exists(_socket));
        // Started again on the same data dir, the server is reachable over the socket again.
        _host = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = _directory.Path, BindAddress = IPAddress.Loopback, HttpsPort = 0, NodeName = "test-node",
            LoopbackSocketPath = _socket,
        }, _ => { }, CancellationToken.None);
        using var http = SocketClient();
        using var response = await http.SendAsync(Request(HttpMethod.Get, "/api/v1/namespaces/default", null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient SocketClient() => UnixSocketHttp.Create(_socket);

    private static HttpRequestMessage Request(HttpMethod method, string path, string? json) => new(method, path)
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
    };
}
