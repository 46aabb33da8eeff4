using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Cache;

public sealed class InformerIntegrationTests
{
    private static readonly InformerOptions Fast = new() { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(500) };

    [Fact]
    public async Task Informer_SeesCreateUpdateDelete()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("inf"), ct);
        await client.CreateAsync(Resource.ConfigMaps, "inf", Objects.ConfigMap(null, "before"), ct);

        var factory = new SharedInformerFactory(client, Fast);
        var informer = factory.ForResource(Resource.ConfigMaps);
        Assert.Same(informer, factory.ForResource(Resource.ConfigMaps));
        var seen = new ConcurrentQueue<string>();
        informer.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = o => seen.Enqueue("add " + o["metadata"]!["name"]),
            OnUpdate = (_, o) => seen.Enqueue("update " + o["metadata"]!["name"]),
            OnDelete = o => seen.Enqueue("delete " + o["metadata"]!["name"]),
        });
        using var cts = new CancellationTokenSource();
        factory.Start(cts.Token);
        await factory.WaitForCacheSyncAsync(ct).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(informer.Store.Get("inf", "before"));

        await client.CreateAsync(Resource.ConfigMaps, "inf", Objects.ConfigMap(null, "after"), ct);
        await client.PatchAsync(Resource.ConfigMaps, "inf", "after", PatchType.Merge, JsonNode.Parse("""{"data":{"k":"x"}}""")!, null, ct);
        await client.DeleteAsync(Resource.ConfigMaps, "inf", "before", null, ct);
        await Eventually.HoldsAsync(() => seen.Contains("delete before") && seen.Contains("update after"), "the informer sees all three changes");

        Assert.Null(informer.Store.Get("inf", "before"));
        Assert.Equal("x", informer.Store.Get("inf", "after")!["data"]!["k"]!.ToString());
        Assert.Single(informer.Store.ByIndex(Indexers.Namespace, "inf"));
        cts.Cancel();
        await factory.ShutdownAsync();
    }

    [Fact]
    public async Task FieldSelectedInformer_ListsAndWatchesOnlyMatchingObjects()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("sel"), ct);
        await client.CreateAsync(Resource.ConfigMaps, "sel", Objects.ConfigMap(null, "wanted"), ct);
        await client.CreateAsync(Resource.ConfigMaps, "sel", Objects.ConfigMap(null, "other"), ct);

        var factory = new SharedInformerFactory(client, Fast);
        var selected = factory.ForResource(Resource.ConfigMaps, null, "metadata.name=wanted");
        Assert.Same(selected, factory.ForResource(Resource.ConfigMaps, null, "metadata.name=wanted"));
        Assert.NotSame(selected, factory.ForResource(Resource.ConfigMaps));
        var seen = new ConcurrentQueue<string>();
        selected.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = o => seen.Enqueue("add " + o["metadata"]!["name"]),
            OnUpdate = (_, o) => seen.Enqueue("update " + o["metadata"]!["name"]),
        });
        using var cts = new CancellationTokenSource();
        factory.Start(cts.Token);
        await factory.WaitForCacheSyncAsync(ct).WaitAsync(TimeSpan.FromSeconds(10));

        await client.PatchAsync(Resource.ConfigMaps, "sel", "other", PatchType.Merge, JsonNode.Parse("""{"data":{"k":"o"}}""")!, null, ct);
        await client.PatchAsync(Resource.ConfigMaps, "sel", "wanted", PatchType.Merge, JsonNode.Parse("""{"data":{"k":"w"}}""")!, null, ct);
        await Eventually.HoldsAsync(() => seen.Contains("update wanted"), "the selected informer sees its object change");

        Assert.Equal(["add wanted", "update wanted"], seen.ToArray());
        Assert.Single(selected.Store.List());
        cts.Cancel();
        await factory.ShutdownAsync();
    }

    [Fact]
    public async Task Informer_RecoversFromServerRestartOnTheSameDataDirectory()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("rs"), ct);
        // The server's shutdown waits for open requests (Kestrel's 30 s grace); short watches keep the restart quick.
        var informer = new SharedIndexInformer(client, Resource.ConfigMaps, options: Fast with { MinWatchTimeout = TimeSpan.FromSeconds(1) });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(ct).WaitAsync(TimeSpan.FromSeconds(10));

        await client.CreateAsync(Resource.ConfigMaps, "rs", Objects.ConfigMap(null, "one"), ct);
        await Eventually.HoldsAsync(() => informer.Store.Get("rs", "one") is not null, "the first object is cached");

        await server.RestartAsync(TimeSpan.FromMilliseconds(300));
        await client.CreateAsync(Resource.ConfigMaps, "rs", Objects.ConfigMap(null, "two"), ct);
        await client.DeleteAsync(Resource.ConfigMaps, "rs", "one", null, ct);

        await Eventually.HoldsAsync(() => informer.Store.Get("rs", "two") is not null && informer.Store.Get("rs", "one") is null,
            "the informer catches up after the restart", TimeSpan.FromSeconds(20));
        cts.Cancel();
        await run;
    }
}
