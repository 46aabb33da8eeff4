using Wharf.ApiServer.Hosting;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Rest;

/// <summary>An <see cref="ApiClient"/> on the API server's loopback socket: h2c, no certificate, full API.</summary>
public sealed class LoopbackSocketClientTests : IAsyncLifetime
{
    private TestApiServer _server = null!;
    private ApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await TestApiServer.StartAsync(loopbackSocket: true);
        _client = ApiClient.ForLoopbackSocket(_server.Host.LoopbackSocketPath!, "loopback-test/v0");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CreateListAndWatch_OverTheSocket()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;
        await _client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("loop"), ct);
        var list = await _client.ListAsync(Resource.ConfigMaps, "loop", null, ct);
        var resourceVersion = list["metadata"]!["resourceVersion"]!.GetValue<string>();

        await using var events = _client.WatchAsync(Resource.ConfigMaps, "loop", new ListOptions { ResourceVersion = resourceVersion }, ct).GetAsyncEnumerator(ct);
        var created = await _client.CreateAsync(Resource.ConfigMaps, "loop", Objects.ConfigMap(null, "cfg"), ct);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(WatchEventType.Added, events.Current.Type);
        Assert.Equal("cfg", events.Current.Object["metadata"]!["name"]!.GetValue<string>());
        // The user agent names the field manager when the request does not: the server saw this client's headers.
        Assert.Equal("loopback-test", created["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
        var listed = await _client.ListAsync(Resource.ConfigMaps, "loop", null, ct);
        Assert.Single(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task Socket_IsTheApiServersLoopbackIdentity()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;
        var review = await _client.CreateAsync(new Resource("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", Namespaced: false), null,
            new System.Text.Json.Nodes.JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" }, ct);

        Assert.Equal("system:apiserver", review["status"]!["userInfo"]!["username"]!.GetValue<string>());
    }
}
