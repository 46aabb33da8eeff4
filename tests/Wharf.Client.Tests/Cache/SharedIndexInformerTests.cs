using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Cache;

public class SharedIndexInformerTests
{
    private static readonly InformerOptions Fast = new() { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) };

    private sealed class Recorder
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public ResourceEventHandler Handler => new()
        {
            OnAdd = o => Events.Enqueue($"add {Name(o)}"),
            OnUpdate = (old, o) => Events.Enqueue($"update {Name(o)} {o["data"]?["k"]}"),
            OnDelete = o => Events.Enqueue($"delete {Name(o)}"),
        };

        private static string Name(JsonObject o) => o["metadata"]!["name"]!.ToString();
    }

    [Fact]
    public async Task WatchEvents_UpdateStoreAndHandlersInOrder()
    {
        var client = new FakeApiClient();
        client.Lists.Enqueue(() => FakeApiClient.ListOf("10", Objects.ConfigMap("a", "one", rv: "5")));
        var informer = new SharedIndexInformer(client, Resource.ConfigMaps, options: Fast);
        var recorder = new Recorder();
        informer.AddEventHandler(recorder.Handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(cts.Token).WaitAsync(TimeSpan.FromSeconds(5));

        await client.Watch.Writer.WriteAsync(new WatchEvent(WatchEventType.Added, Objects.ConfigMap("a", "two", rv: "11")));
        await client.Watch.Writer.WriteAsync(new WatchEvent(WatchEventType.Modified, Objects.ConfigMap("a", "one", "changed", rv: "12")));
        await client.Watch.Writer.WriteAsync(new WatchEvent(WatchEventType.Deleted, Objects.ConfigMap("a", "two", rv: "13")));
        await Eventually.HoldsAsync(() => recorder.Events.Count == 4, "four notifications");

        Assert.Equal(["add one", "add two", "update one changed", "delete two"], recorder.Events);
        Assert.Equal(["a/one"], informer.Store.ListKeys());
        Assert.Equal("13", informer.LastSyncResourceVersion);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task StreamEnd_RewatchesFromLastResourceVersionWithoutRelisting()
    {
        var client = new FakeApiClient();
        client.Lists.Enqueue(() => FakeApiClient.ListOf("10"));
        var informer = new SharedIndexInformer(client, Resource.ConfigMaps, options: Fast);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(cts.Token).WaitAsync(TimeSpan.FromSeconds(5));

        await client.Watch.Writer.WriteAsync(new WatchEvent(WatchEventType.Bookmark, new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = "42" } }));
        await Eventually.HoldsAsync(() => informer.LastSyncResourceVersion == "42", "the bookmark is seen");
        client.EndWatch();
        await Eventually.HoldsAsync(() => { lock (client.WatchResourceVersions) return client.WatchResourceVersions.Count == 2; }, "a second watch");

        Assert.Equal(["10", "42"], client.WatchResourceVersions);
        Assert.Equal(1, client.ListCalls);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task ExpiredErrorEvent_RelistsAndDeliversDeletesForVanishedObjects()
    {
        var client = new FakeApiClient();
        client.Lists.Enqueue(() => FakeApiClient.ListOf("10", Objects.ConfigMap("a", "one", rv: "5"), Objects.ConfigMap("a", "two", rv: "6")));
        client.Lists.Enqueue(() => FakeApiClient.ListOf("20", Objects.ConfigMap("a", "two", "new", rv: "18"), Objects.ConfigMap("a", "three", rv: "19")));
        var informer = new SharedIndexInformer(client, Resource.ConfigMaps, options: Fast);
        var recorder = new Recorder();
        informer.AddEventHandler(recorder.Handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(cts.Token).WaitAsync(TimeSpan.FromSeconds(5));

        var expired = new JsonObject { ["kind"] = "Status", ["code"] = 410, ["reason"] = "Expired", ["message"] = "too old resource version" };
        await client.Watch.Writer.WriteAsync(new WatchEvent(WatchEventType.Error, expired));
        await Eventually.HoldsAsync(() => recorder.Events.Count == 5, "the re-list's notifications");

        Assert.Equal(2, client.ListCalls);
        Assert.Equal(["add one", "add two", "update two new", "add three", "delete one"], recorder.Events);
        Assert.Equal(["a/three", "a/two"], informer.Store.ListKeys().Order());
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task LateHandler_ReceivesCachedObjectsAsAdds()
    {
        var client = new FakeApiClient();
        client.Lists.Enqueue(() => FakeApiClient.ListOf("10", Objects.ConfigMap("a", "one", rv: "5")));
        var informer = new SharedIndexInformer(client, Resource.ConfigMaps, options: Fast);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(cts.Token).WaitAsync(TimeSpan.FromSeconds(5));

        var recorder = new Recorder();
        informer.AddEventHandler(recorder.Handler);
        await Eventually.HoldsAsync(() => recorder.Events.Count == 1, "the cached object");
        Assert.Equal(["add one"], recorder.Events);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task HandlerResync_RedeliversCachedObjectsAsUpdates()
    {
        var client = new FakeApiClient();
        client.Lists.Enqueue(() => FakeApiClient.ListOf("10", Objects.ConfigMap("a", "one", rv: "5")));
        var informer = new SharedIndexInformer(client, Resource.ConfigMaps, options: Fast with { ResyncCheckPeriod = TimeSpan.FromMilliseconds(20) });
        var updates = 0;
        informer.AddEventHandler(new ResourceEventHandler { OnUpdate = (_, _) => Interlocked.Increment(ref updates), ResyncPeriod = TimeSpan.FromMilliseconds(50) });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Eventually.HoldsAsync(() => Volatile.Read(ref updates) >= 2, "two resyncs");
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task ThrowingHandler_DoesNotStopOtherHandlers()
    {
        var client = new FakeApiClient();
        client.Lists.Enqueue(() => FakeApiClient.ListOf("10", Objects.ConfigMap("a", "one", rv: "5"), Objects.ConfigMap("a", "two", rv: "6")));
        var informer = new SharedIndexInformer(client, Resource.ConfigMaps, options: Fast);
        informer.AddEventHandler(new ResourceEventHandler { OnAdd = _ => throw new InvalidOperationException("boom") });
        var recorder = new Recorder();
        informer.AddEventHandler(recorder.Handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Eventually.HoldsAsync(() => recorder.Events.Count == 2, "both adds reach the healthy handler");
        cts.Cancel();
        await run;
    }
}
