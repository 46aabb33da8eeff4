using System.Text.Json.Nodes;
using Wharf.ApiServer.Hosting;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Rest;

/// <summary>
/// An <see cref="ApiClient"/> on the API server's in-process transport (<see cref="ApiServerHost.CreateInProcessHandler"/>),
/// as <c>wharf server</c>'s components use it: full API, the server's identity, watches that end with their consumer.
/// </summary>
public sealed class InProcessClientTests : IAsyncLifetime
{
    private TestApiServer _server = null!;
    private ApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await TestApiServer.StartAsync();
        _client = ApiClient.ForHandler(_server.Host.CreateInProcessHandler, "in-process-test/v0");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CreateListAndWatch_InProcess()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;
        await _client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("loop"), ct);
        var list = await _client.ListAsync(Resource.ConfigMaps, "loop", null, ct);
        var resourceVersion = list["metadata"]!["resourceVersion"]!.GetValue<string>();

        await using (var events = _client.WatchAsync(Resource.ConfigMaps, "loop", new ListOptions { ResourceVersion = resourceVersion }, ct).GetAsyncEnumerator(ct))
        {
            var created = await _client.CreateAsync(Resource.ConfigMaps, "loop", Objects.ConfigMap(null, "cfg"), ct);

            Assert.True(await events.MoveNextAsync());
            Assert.Equal(WatchEventType.Added, events.Current.Type);
            Assert.Equal("cfg", events.Current.Object["metadata"]!["name"]!.GetValue<string>());
            // The user agent names the field manager when the request does not: the server saw this client's headers.
            Assert.Equal("in-process-test", created["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
        }
        var listed = await _client.ListAsync(Resource.ConfigMaps, "loop", null, ct);
        Assert.Single(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task Errors_AreApiExceptionsFromTheStatus()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;
        var missing = await Assert.ThrowsAsync<ApiException>(() => _client.GetAsync(Resource.ConfigMaps, "default", "missing", ct));
        Assert.True(missing.IsNotFound);

        await _client.CreateAsync(Resource.ConfigMaps, "default", Objects.ConfigMap(null, "twice"), ct);
        var conflict = await Assert.ThrowsAsync<ApiException>(() => _client.CreateAsync(Resource.ConfigMaps, "default", Objects.ConfigMap(null, "twice"), ct));
        Assert.Equal(409, conflict.Code);
        Assert.Equal("AlreadyExists", conflict.Reason);
    }

    [Fact]
    public async Task Requests_AreTheApiServersLoopbackIdentity()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;
        var review = await _client.CreateAsync(new Resource("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", Namespaced: false), null,
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" }, ct);

        Assert.Equal("system:apiserver", review["status"]!["userInfo"]!["username"]!.GetValue<string>());
    }
}
