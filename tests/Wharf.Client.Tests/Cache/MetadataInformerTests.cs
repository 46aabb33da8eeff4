using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Cache;

/// <summary>
/// Metadata-only informers: the server sends PartialObjectMetadata, the cache keeps it typed as the watched
/// resource, and a transform decides what is kept.
/// </summary>
public sealed class MetadataInformerTests
{
    private static readonly InformerOptions Metadata = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
        MetadataOnly = true,
    };

    [Fact]
    public async Task ApiClient_ListAndWatchMetadata_ServerAnswersPartialObjectMetadata()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("meta-raw"), ct);
        await client.CreateAsync(Resource.ConfigMaps, "meta-raw", Objects.ConfigMap(null, "a"), ct);

        var list = await client.ListMetadataAsync(Resource.ConfigMaps, "meta-raw", null, ct);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watch = client.WatchMetadataAsync(Resource.ConfigMaps, "meta-raw", new ListOptions { ResourceVersion = "0" }, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        await cts.CancelAsync();

        Assert.Equal(("PartialObjectMetadataList", "meta.k8s.io/v1"), (list["kind"]!.ToString(), list["apiVersion"]!.ToString()));
        var item = Assert.Single(list["items"]!.AsArray())!.AsObject();
        Assert.Equal(["kind", "apiVersion", "metadata"], item.Select(p => p.Key));
        Assert.Equal("a", item["metadata"]!["name"]!.ToString());
        Assert.Equal(WatchEventType.Added, watch.Current.Type);
        Assert.Equal(["kind", "apiVersion", "metadata"], watch.Current.Object.Select(p => p.Key));
        Assert.Equal("PartialObjectMetadata", watch.Current.Object["kind"]!.ToString());
    }

    [Fact]
    public async Task MetadataInformer_AgainstServer_KeepsMetadataTypedAsTheResource()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("meta-inf"), ct);
        await client.CreateAsync(Resource.ConfigMaps, "meta-inf", Objects.ConfigMap(null, "listed"), ct);
        var informer = new SharedIndexInformer(client, Resource.ConfigMaps, options: Metadata);
        var seen = new ConcurrentQueue<string>();
        informer.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = o => seen.Enqueue("add " + o["metadata"]!["name"]),
            OnUpdate = (_, o) => seen.Enqueue("update " + o["metadata"]!["name"]),
            OnDelete = o => seen.Enqueue("delete " + o["metadata"]!["name"]),
        });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(ct).WaitAsync(TimeSpan.FromSeconds(10));

        await client.CreateAsync(Resource.ConfigMaps, "meta-inf", Objects.ConfigMap(null, "watched"), ct);
        await client.DeleteAsync(Resource.ConfigMaps, "meta-inf", "listed", null, ct);
        await Eventually.HoldsAsync(() => seen.Contains("add watched") && seen.Contains("delete listed"), "the informer sees the create and the delete");

        foreach (var obj in new[] { informer.Store.Get("meta-inf", "watched")! })
        {
            Assert.Equal(("v1", "ConfigMap"), (obj["apiVersion"]!.ToString(), obj["kind"]!.ToString()));
            Assert.Null(obj["data"]);
            Assert.False(string.IsNullOrEmpty(obj["metadata"]!["uid"]?.ToString()));
        }
        Assert.Null(informer.Store.Get("meta-inf", "listed"));
        cts.Cancel();
        await run;
    }

    [Theory]
    [InlineData("whole objects", false)]
    [InlineData("metadata only", true)]
    public async Task Transform_AppliesToListedAndWatchedObjects_AndTheResourceVersionIsStillTracked(string label, bool metadataOnly)
    {
        _ = label;
        // The fake client has no metadata endpoint: the interface's fallback projects whole objects client side.
        var options = Metadata with
        {
            MetadataOnly = metadataOnly,
            Transform = o => new JsonObject { ["kept"] = o["metadata"]!["name"]!.DeepClone(), ["metadata"] = new JsonObject { ["name"] = o["metadata"]!["name"]!.DeepClone(), ["namespace"] = "ns" }, ["hadData"] = o["data"] is not null },
        };
        await using var informer = await ListedAndWatchedThroughFakeClientAsync(options);

        foreach (var name in new[] { "listed", "watched" })
        {
            var stored = informer.Store.Get("ns", name)!;
            Assert.Equal(name, stored["kept"]!.ToString());
            Assert.Equal(!metadataOnly, (bool)stored["hadData"]!);
        }
        Assert.Equal("11", informer.LastSyncResourceVersion);
    }

    [Fact]
    public async Task ProjectedMetadataInformer_AgainstServer_KeepsTheTypeAndTheNamedMembersOfListedAndWatchedObjects()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("meta-proj"), ct);
        await client.CreateAsync(Resource.ConfigMaps, "meta-proj", Objects.ConfigMap(null, "listed"), ct);
        var options = Metadata with { Projection = new MetadataProjection("uid", "name", "namespace", "resourceVersion") };
        var informer = new SharedIndexInformer(client, Resource.ConfigMaps, "meta-proj", options);
        var seen = new ConcurrentQueue<string>();
        informer.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = o => seen.Enqueue("add " + o["metadata"]!["name"]),
            OnDelete = o => seen.Enqueue("delete " + o["metadata"]!["name"]),
        });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(ct).WaitAsync(TimeSpan.FromSeconds(10));
        var listed = informer.Store.Get("meta-proj", "listed")!;

        var created = await client.CreateAsync(Resource.ConfigMaps, "meta-proj", Objects.ConfigMap(null, "watched"), ct);
        await Eventually.HoldsAsync(() => seen.Contains("add watched"), "the informer sees the create");
        var watched = informer.Store.Get("meta-proj", "watched")!;
        await client.DeleteAsync(Resource.ConfigMaps, "meta-proj", "listed", null, ct);
        await Eventually.HoldsAsync(() => seen.Contains("delete listed"), "the informer sees the delete");

        foreach (var obj in new[] { listed, watched })
        {
            Assert.Equal(["apiVersion", "kind", "metadata"], obj.Select(p => p.Key));
            Assert.Equal(("v1", "ConfigMap"), (obj["apiVersion"]!.ToString(), obj["kind"]!.ToString()));
            Assert.Equal(["uid", "name", "namespace", "resourceVersion"], obj["metadata"]!.AsObject().Select(p => p.Key));
        }
        Assert.Equal(created["metadata"]!["uid"]!.ToString(), watched["metadata"]!["uid"]!.ToString());
        Assert.Equal(created["metadata"]!["resourceVersion"]!.ToString(), watched["metadata"]!["resourceVersion"]!.ToString());
        Assert.Null(informer.Store.Get("meta-proj", "listed"));
        cts.Cancel();
        await run;
    }

    [Theory]
    [InlineData("whole objects", false)]
    [InlineData("metadata only", true)]
    public async Task Projection_ThroughTheDocumentFallback_IsAppliedBeforeTheTransform_AndTheResourceVersionIsStillTracked(string label, bool metadataOnly)
    {
        _ = label;
        var options = Metadata with
        {
            MetadataOnly = metadataOnly,
            Projection = new MetadataProjection("namespace", "name", "resourceVersion"),
            Transform = o => { o["sawData"] = o["data"] is not null; return o; },
        };
        await using var informer = await ListedAndWatchedThroughFakeClientAsync(options);

        foreach (var name in new[] { "listed", "watched" })
        {
            var rv = name == "listed" ? "5" : "11";
            Assert.Equal($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"namespace":"ns","name":"{{name}}","resourceVersion":"{{rv}}"},"sawData":false}""",
                informer.Store.Get("ns", name)!.ToJsonString());
        }
        Assert.Equal("11", informer.LastSyncResourceVersion);
    }

    /// <summary>
    /// An informer over the fake client (no metadata endpoint: the interface's fallbacks) once it has listed
    /// ns/listed (resourceVersion 5, list at 10) and stored ns/watched from a watch event (11).
    /// </summary>
    private static async Task<RunningInformer> ListedAndWatchedThroughFakeClientAsync(InformerOptions options)
    {
        var client = new FakeApiClient();
        client.Lists.Enqueue(() => FakeApiClient.ListOf("10", Objects.ConfigMap("ns", "listed", rv: "5")));
        var running = new RunningInformer(new SharedIndexInformer(client, Resource.ConfigMaps, options: options with { InitialBackoff = TimeSpan.FromMilliseconds(10) }));
        await running.Informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await client.Watch.Writer.WriteAsync(new WatchEvent(WatchEventType.Added, Objects.ConfigMap("ns", "watched", rv: "11")));
        await Eventually.HoldsAsync(() => running.Informer.Store.Get("ns", "watched") is not null, "the watched object is stored");
        return running;
    }

    /// <summary>An informer running until disposed.</summary>
    private sealed class RunningInformer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public RunningInformer(SharedIndexInformer informer)
        {
            Informer = informer;
            _run = informer.RunAsync(_stop.Token);
        }

        public SharedIndexInformer Informer { get; }

        public IIndexer Store => Informer.Store;

        public string? LastSyncResourceVersion => Informer.LastSyncResourceVersion;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }
}
