using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Hosting;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Hosting;

/// <summary>
/// The API server's own answers through <see cref="ApiServerHost.CreateInProcessHandler"/>, compared with the same
/// requests over the loopback socket: the same identity, statuses, Status bodies, warnings, limits and watches.
/// </summary>
public sealed class InProcessApiTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private ApiServerHost _host = null!;
    private HttpClient _inProcess = null!;
    private HttpClient _socket = null!;

    public async Task InitializeAsync()
    {
        var socket = Path.Combine(_directory.Path, "apiserver.sock");
        _host = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = _directory.Path, BindAddress = IPAddress.Loopback, HttpsPort = 0, NodeName = "test-node",
            LoopbackSocketPath = socket,
        }, _ => { }, CancellationToken.None);
        _inProcess = new HttpClient(_host.CreateInProcessHandler()) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(20) };
        _socket = UnixSocketHttp.Create(socket);
    }

    public async Task DisposeAsync()
    {
        _inProcess.Dispose();
        _socket.Dispose();
        await _host.DisposeAsync();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("an object", "/api/v1/namespaces/default")]
    [InlineData("a missing object: NotFound Status", "/api/v1/namespaces/missing")]
    [InlineData("an unknown resource", "/api/v1/nothings")]
    [InlineData("a bad selector: BadRequest Status", "/api/v1/namespaces?labelSelector=%3D%3D%3D")]
    [InlineData("a list page", "/api/v1/namespaces?limit=1")]
    [InlineData("discovery", "/apis")]
    public async Task Get_AnswersAsOverTheSocket(string _, string path)
    {
        using var local = await _inProcess.GetAsync(path);
        using var remote = await _socket.GetAsync(path);

        Assert.Equal(remote.StatusCode, local.StatusCode);
        Assert.Equal(remote.Content.Headers.ContentType?.ToString(), local.Content.Headers.ContentType?.ToString());
        var localBody = await local.Content.ReadAsStringAsync();
        Assert.Equal(await remote.Content.ReadAsStringAsync(), localBody);
        Assert.NotEmpty(localBody);
    }

    [Fact]
    public async Task Requests_AreTheApiServersLoopbackIdentity()
    {
        var review = """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""";
        using var response = await _inProcess.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", Json(review));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!["userInfo"]!;
        Assert.Equal("system:apiserver", user["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_WithAnUnknownField_WarnsAsOverTheSocket()
    {
        static string ConfigMap(string name) => $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"a":"b"},"bogus":1}""";
        using var local = await _inProcess.PostAsync("/api/v1/namespaces/default/configmaps?fieldManager=t", Json(ConfigMap("in-process")));
        using var remote = await _socket.PostAsync("/api/v1/namespaces/default/configmaps?fieldManager=t", Json(ConfigMap("over-socket")));

        Assert.Equal(HttpStatusCode.Created, local.StatusCode);
        Assert.Equal(remote.StatusCode, local.StatusCode);
        Assert.Equal(remote.Headers.GetValues("Warning"), local.Headers.GetValues("Warning"));
        Assert.Contains("bogus", local.Headers.GetValues("Warning").Single());
        var created = JsonNode.Parse(await local.Content.ReadAsStringAsync())!;
        Assert.Equal("b", created["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task BodyOverTheLimit_IsRefusedWithAStatus()
    {
        var big = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":"{{{new string('x', 3 * 1024 * 1024 + 10)}}}"}}""";
        using var local = await _inProcess.PostAsync("/api/v1/namespaces/default/configmaps", Json(big));
        using var remote = await _socket.PostAsync("/api/v1/namespaces/default/configmaps", Json(big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, local.StatusCode);
        Assert.Equal(remote.StatusCode, local.StatusCode);
        Assert.Equal("Status", JsonNode.Parse(await local.Content.ReadAsStringAsync())!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task LargeList_ArrivesWhole()
    {
        var value = new string('v', 100 * 1024);
        for (var i = 0; i < 30; i++)
        {
            using var created = await _inProcess.PostAsync("/api/v1/namespaces/default/configmaps",
                Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big-{{{i}}}","labels":{"big":"yes"}},"data":{"v":"{{{value}}}"}}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var local = await _inProcess.GetAsync("/api/v1/namespaces/default/configmaps?labelSelector=big%3Dyes");
        using var remote = await _socket.GetAsync("/api/v1/namespaces/default/configmaps?labelSelector=big%3Dyes");

        var body = await local.Content.ReadAsStringAsync();
        Assert.True(body.Length > 3_000_000, $"{body.Length} bytes");
        Assert.Equal(30, JsonNode.Parse(body)!["items"]!.AsArray().Count);
        Assert.Equal(await remote.Content.ReadAsStringAsync(), body);
    }

    [Fact]
    public async Task Watch_StreamsEventsAsTheyHappen_AndStopsWhenTheClientDoes()
    {
        using var list = await _inProcess.GetAsync("/api/v1/namespaces/default/configmaps");
        var rv = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var watch = await _inProcess.GetAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv}",
            HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var events = new StreamReader(await watch.Content.ReadAsStreamAsync(cancel.Token));

        for (var i = 0; i < 3; i++)
        {
            using var created = await _inProcess.PostAsync("/api/v1/namespaces/default/configmaps",
                Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"watched-{{{i}}}"}}"""));
            var line = await events.ReadLineAsync(cancel.Token);
            var e = JsonNode.Parse(line!)!;
            Assert.Equal("ADDED", e["type"]!.GetValue<string>());
            Assert.Equal($"watched-{i}", e["object"]!["metadata"]!["name"]!.GetValue<string>());
        }

        var before = await WatchersAsync();
        watch.Dispose();
        // The server's watch ends with the client's: its watcher goes away.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await WatchersAsync() >= before && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(await WatchersAsync() < before, "the server's watch did not end");
    }

    [Fact]
    public async Task Watch_EndsForTheClientWhenTheServerStops()
    {
        var watch = await _inProcess.GetAsync("/api/v1/namespaces/default/configmaps?watch=true", HttpCompletionOption.ResponseHeadersRead);
        var events = new StreamReader(await watch.Content.ReadAsStreamAsync());
        var read = Task.Run(async () =>
        {
            while (await events.ReadLineAsync() is not null) { }
        });

        await _host.DisposeAsync();

        // Ended either way: cleanly when the server's watch noticed the shutdown first, as a broken body when the
        // transport's abort came first. What must not happen is a read that waits forever.
        var ending = await Record.ExceptionAsync(() => read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(ending is null or IOException, $"the watch did not end: {ending}");
        watch.Dispose();
        _host = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = _directory.Path, BindAddress = IPAddress.Loopback, HttpsPort = 0, NodeName = "test-node",
        }, _ => { }, CancellationToken.None);
    }

    [Fact]
    public async Task ConcurrentWrites_AllSucceed()
    {
        var codes = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await _inProcess.PostAsync("/api/v1/namespaces/default/configmaps",
                Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"concurrent-{{{i}}}"}}"""));
            return response.StatusCode;
        }));

        Assert.All(codes, c => Assert.Equal(HttpStatusCode.Created, c));
        using var list = await _inProcess.GetAsync("/api/v1/namespaces/default/configmaps");
        var names = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["items"]!.AsArray().Select(o => o!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(40, names.Count(n => n.StartsWith("concurrent-", StringComparison.Ordinal)));
    }

    /// <summary>The server's watches in progress, from its request metrics (which in-process requests reach too).</summary>
    private async Task<double> WatchersAsync()
    {
        var text = await _inProcess.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith("apiserver_longrunning_requests", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
