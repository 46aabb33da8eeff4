using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Server;

/// <summary>Watch semantics over HTTP: bookmarks only when asked, and label-selector transitions as upstream's cacher sends them.</summary>
[Collection(ServerCollection.Name)]
public sealed class WatchStreamTests(ServerFixture server)
{
    private async Task<string> NamespaceWithListRevisionAsync(string name)
    {
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{'apiVersion':'v1','kind':'Namespace','metadata':{{'name':'{name}'}}}}");
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{name}/configmaps");
        return (string)list!["metadata"]!["resourceVersion"]!;
    }

    private async Task<StreamReader> WatchAsync(string path, CancellationToken ct)
    {
        var response = await server.Admin.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        return new StreamReader(await response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
    }

    private static async Task<JsonObject> NextEventAsync(StreamReader reader, CancellationToken ct, bool skipBookmarks = true)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException("watch ended");
            var ev = JsonNode.Parse(line)!.AsObject();
            if (skipBookmarks && (string)ev["type"]! == "BOOKMARK") continue;
            return ev;
        }
    }

    private Task PutLabelAsync(string ns, string name, string app) =>
        server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/{name}",
            Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"labels\":{{\"app\":\"{app}\"}}}}}}"), "application/merge-patch+json");

    [Fact]
    public async Task Bookmarks_ComeOnlyWhenAsked_AndCarryOnlyTheResourceVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var rv = await NamespaceWithListRevisionAsync("watch-bookmarks");
        using var asked = await WatchAsync($"/api/v1/namespaces/watch-bookmarks/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion={rv}", timeout.Token);
        var bookmark = await NextEventAsync(asked, timeout.Token, skipBookmarks: false);
        Assert.Equal("BOOKMARK", (string)bookmark["type"]!);
        var obj = bookmark["object"]!.AsObject();
        Assert.Equal(("ConfigMap", "v1"), ((string)obj["kind"]!, (string)obj["apiVersion"]!));
        Assert.Equal(["resourceVersion"], obj["metadata"]!.AsObject().Select(p => p.Key));

        // Without allowWatchBookmarks the first line is the change, even after several bookmark intervals.
        using var notAsked = await WatchAsync($"/api/v1/namespaces/watch-bookmarks/configmaps?watch=true&resourceVersion={rv}", timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/watch-bookmarks/configmaps", "{'metadata':{'name':'c1'}}");
        var first = await NextEventAsync(notAsked, timeout.Token, skipBookmarks: false);
        Assert.Equal("ADDED", (string)first["type"]!);
    }

    [Theory]
    [InlineData("by name", "fieldSelector=metadata.name%3Dx", new[] { "ADDED x a", "MODIFIED x b", "MODIFIED x a", "DELETED x a", "ADDED x a" })]
    [InlineData("by name and label", "fieldSelector=metadata.name%3Dx&labelSelector=app%3Da", new[] { "ADDED x a", "DELETED x a", "ADDED x a", "DELETED x a", "ADDED x a" })]
    [InlineData("by namespace, set-based label", "fieldSelector=metadata.namespace%3D{ns}&labelSelector=app%20in%20(a)", new[] { "ADDED x a", "DELETED x a", "ADDED x a", "DELETED x a", "ADDED x a" })]
    [InlineData("by another name", "fieldSelector=metadata.name%3Dother", new[] { "ADDED other b", "MODIFIED other c", "DELETED other c", "ADDED other b" })]
    public async Task MetadataSelectorWatch_SeesOnlyItsObjects(string name, string query, string[] expected)
    {
        _ = name;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var ns = $"watch-fields-{Guid.NewGuid():N}"[..24];
        var rv = await NamespaceWithListRevisionAsync(ns);
        using var watch = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&{query.Replace("{ns}", ns)}&resourceVersion={rv}", timeout.Token);

        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{'metadata':{'name':'other','labels':{'app':'b'}}}");
        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{'metadata':{'name':'x','labels':{'app':'a'}}}");
        await PutLabelAsync(ns, "x", "b");
        await PutLabelAsync(ns, "x", "a");
        await PutLabelAsync(ns, "other", "c");
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/x");
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/other");
        // Both again, last: an event let through wrongly would come before these and shift the sequence.
        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{'metadata':{'name':'x','labels':{'app':'a'}}}");
        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{'metadata':{'name':'other','labels':{'app':'b'}}}");

        var seen = new List<string>();
        for (var i = 0; i < expected.Length; i++)
        {
            var ev = await NextEventAsync(watch, timeout.Token);
            seen.Add($"{ev["type"]} {ev["object"]!["metadata"]!["name"]} {ev["object"]!["metadata"]!["labels"]?["app"]}");
        }
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task LabelSelectorWatch_ObjectsEnteringAndLeavingTheSelector_AreAddedAndDeleted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var rv = await NamespaceWithListRevisionAsync("watch-selector");
        using var watch = await WatchAsync($"/api/v1/namespaces/watch-selector/configmaps?watch=true&labelSelector=app%3Da&resourceVersion={rv}", timeout.Token);

        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/watch-selector/configmaps", "{'metadata':{'name':'x','labels':{'app':'a'}}}");
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/watch-selector/configmaps", "{'metadata':{'name':'other','labels':{'app':'b'}}}");
        await PutLabelAsync("watch-selector", "x", "b");
        await PutLabelAsync("watch-selector", "x", "a");
        await server.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/watch-selector/configmaps/x");

        var seen = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var ev = await NextEventAsync(watch, timeout.Token);
            seen.Add($"{ev["type"]} {ev["object"]!["metadata"]!["name"]} {ev["object"]!["metadata"]!["labels"]?["app"]}");
        }
        // Leaving the selector is a DELETED of the previous state; "other" never matches.
        Assert.Equal(["ADDED x a", "DELETED x a", "ADDED x a", "DELETED x a"], seen);
    }
}
