using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Cache;

public sealed class TypedInformerTests
{
    private static readonly InformerOptions Fast = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
        PageSize = 2, // the initial list below takes several pages
    };

    [Fact]
    public async Task TypedInformer_ListsInPagesAndSeesCreateUpdateDelete()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("typed"), ct);
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
            await client.CreateAsync(Resource.ConfigMaps, "typed", Objects.ConfigMap(null, name), ct);

        var informer = new TypedInformer<ConfigMapModel>(client, Resource.ConfigMaps, ConfigMapModel.Model, "typed", Fast);
        var seen = new ConcurrentQueue<string>();
        informer.AddEventHandler(new TypedEventHandler<ConfigMapModel>
        {
            OnAdd = o => seen.Enqueue("add " + o.Metadata!.Name),
            OnUpdate = (old, now) => seen.Enqueue($"update {now.Metadata!.Name} {old.Data!["k"]}->{now.Data!["k"]}"),
            OnDelete = o => seen.Enqueue("delete " + o.Metadata!.Name),
        });
        using var cts = new CancellationTokenSource();
        var running = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(ct).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5, informer.Count);
        Assert.Equal("v", informer.Get("typed/c")!.Data!["k"]);

        await client.PatchAsync(Resource.ConfigMaps, "typed", "a", PatchType.Merge, JsonNode.Parse("""{"data":{"k":"x"}}""")!, null, ct);
        await client.DeleteAsync(Resource.ConfigMaps, "typed", "b", null, ct);
        await client.CreateAsync(Resource.ConfigMaps, "typed", Objects.ConfigMap(null, "f"), ct);
        await Eventually.HoldsAsync(() => seen.Contains("add f"), "the informer sees the three changes");

        Assert.Equal(["add a", "add b", "add c", "add d", "add e", "update a v->x", "delete b", "add f"], seen.ToArray());
        Assert.Null(informer.Get("typed/b"));
        Assert.Equal(["a", "c", "d", "e", "f"], informer.List().Select(o => o.Metadata!.Name).Order());
        Assert.False(string.IsNullOrEmpty(informer.LastSyncResourceVersion));
        cts.Cancel();
        await running;
    }

    [Fact]
    public async Task TypedInformer_OverAClientWithoutTypedCalls_GoesThroughTheDocuments()
    {
        // FakeApiClient implements only the document calls: the interface's default typed list and watch apply.
        var fake = new FakeApiClient();
        fake.Lists.Enqueue(() => FakeApiClient.ListOf("10", Objects.ConfigMap("ns", "one", rv: "9")));
        var informer = new TypedInformer<ConfigMapModel>(fake, Resource.ConfigMaps, ConfigMapModel.Model, options: Fast);
        var added = new ConcurrentQueue<string>();
        informer.AddEventHandler(new TypedEventHandler<ConfigMapModel> { OnAdd = o => added.Enqueue(o.Metadata!.Name!) });
        using var cts = new CancellationTokenSource();
        var running = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        fake.Watch.Writer.TryWrite(new WatchEvent(WatchEventType.Added, Objects.ConfigMap("ns", "two", rv: "11")));
        await Eventually.HoldsAsync(() => added.Count == 2, "both objects are added");

        Assert.Equal(["one", "two"], added.ToArray());
        Assert.Equal("11", informer.LastSyncResourceVersion);
        Assert.Equal(["10"], fake.WatchResourceVersions);
        cts.Cancel();
        await running;
    }
}
