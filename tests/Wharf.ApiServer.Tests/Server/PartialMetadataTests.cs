using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Server;

/// <summary>
/// Lists and watches asked for as PartialObjectMetadata(List) carry only kind, apiVersion and metadata, while plain
/// watchers of the same objects at the same time still get whole objects (the shared event lines are per encoding).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PartialMetadataTests(ServerFixture server)
{
    private const string ListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private const string WatchAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    private async Task<string> NamespaceAsync(string name)
    {
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{'apiVersion':'v1','kind':'Namespace','metadata':{{'name':'{name}'}}}}");
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{name}/configmaps");
        return (string)list!["metadata"]!["resourceVersion"]!;
    }

    private async Task<StreamReader> WatchAsync(string path, string? accept, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await server.Admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        return new StreamReader(await response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
    }

    private static async Task<JsonObject> NextAsync(StreamReader reader, CancellationToken ct) =>
        JsonNode.Parse(await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException("watch ended"))!.AsObject();

    private static void AssertPartial(JsonNode? obj, string name)
    {
        Assert.Equal(["kind", "apiVersion", "metadata"], obj!.AsObject().Select(p => p.Key));
        Assert.Equal(("PartialObjectMetadata", "meta.k8s.io/v1"), ((string)obj["kind"]!, (string)obj["apiVersion"]!));
        Assert.Equal(name, (string)obj["metadata"]!["name"]!);
        Assert.False(string.IsNullOrEmpty((string?)obj["metadata"]!["resourceVersion"]));
        Assert.Equal("a", (string)obj["metadata"]!["labels"]!["app"]!);
    }

    [Fact]
    public async Task Get_AskedAsPartialObjectMetadata_AnswersOnlyMetadata()
    {
        const string ns = "partial-get";
        await NamespaceAsync(ns);
        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{'metadata':{'name':'c1','labels':{'app':'a'}},'data':{'k':'v'}}");

        var (code, obj, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/c1", accept: WatchAccept);
        var (_, whole, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/c1");

        Assert.Equal(System.Net.HttpStatusCode.OK, code);
        AssertPartial(obj, "c1");
        Assert.True(JsonNode.DeepEquals(whole!["metadata"], obj!["metadata"]), "the partial object carries the object's whole metadata");
        Assert.Equal("v", (string)whole["data"]!["k"]!);
    }

    [Theory]
    [InlineData("stored bytes", "")]
    [InlineData("selected objects", "?labelSelector=app%3Da")]
    public async Task List_AskedAsPartialObjectMetadataList_ItemsCarryOnlyMetadata(string label, string query)
    {
        var ns = "partial-list-" + (query.Length == 0 ? "all" : "sel");
        _ = label;
        await NamespaceAsync(ns);
        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{'metadata':{'name':'c1','labels':{'app':'a'}},'data':{'k':'v'}}");

        var (code, list, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps{query}", accept: ListAccept);

        Assert.Equal(System.Net.HttpStatusCode.OK, code);
        Assert.Equal(("PartialObjectMetadataList", "meta.k8s.io/v1"), ((string)list!["kind"]!, (string)list["apiVersion"]!));
        Assert.False(string.IsNullOrEmpty((string?)list["metadata"]!["resourceVersion"]));
        var item = Assert.Single(list["items"]!.AsArray());
        AssertPartial(item, "c1");
    }

    [Theory]
    [InlineData("shared lines", "")]
    [InlineData("selector path", "&labelSelector=app%3Da")]
    public async Task Watch_AskedAsPartialObjectMetadata_EventsCarryOnlyMetadata_WhilePlainWatchersGetWholeObjects(string label, string query)
    {
        _ = label;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var ns = "partial-watch-" + (query.Length == 0 ? "all" : "sel");
        var rv = await NamespaceAsync(ns);
        var path = $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}{query}";
        using var partial = await WatchAsync(path, WatchAccept, timeout.Token);
        using var plain = await WatchAsync(path, null, timeout.Token);

        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{'metadata':{'name':'c1','labels':{'app':'a'}},'data':{'k':'v'}}");
        await server.SendJsonAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/c1", "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c1','labels':{'app':'a'}},'data':{'k':'w'}}");
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/c1");

        foreach (var type in new[] { "ADDED", "MODIFIED", "DELETED" })
        {
            var ev = await NextAsync(partial, timeout.Token);
            Assert.Equal(type, (string)ev["type"]!);
            AssertPartial(ev["object"], "c1");
            var whole = await NextAsync(plain, timeout.Token);
            Assert.Equal(type, (string)whole["type"]!);
            Assert.Equal(("ConfigMap", "v1"), ((string)whole["object"]!["kind"]!, (string)whole["object"]!["apiVersion"]!));
            Assert.NotNull(whole["object"]!["data"]);
            Assert.Equal((string)whole["object"]!["metadata"]!["resourceVersion"]!, (string)ev["object"]!["metadata"]!["resourceVersion"]!);
        }
    }

    [Fact]
    public async Task Watch_AskedAsPartialObjectMetadata_BookmarksArePartialObjectMetadataToo()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var rv = await NamespaceAsync("partial-bookmark");
        using var watch = await WatchAsync($"/api/v1/namespaces/partial-bookmark/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion={rv}", WatchAccept, timeout.Token);

        var ev = await NextAsync(watch, timeout.Token);

        Assert.Equal("BOOKMARK", (string)ev["type"]!);
        Assert.Equal(("PartialObjectMetadata", "meta.k8s.io/v1"), ((string)ev["object"]!["kind"]!, (string)ev["object"]!["apiVersion"]!));
        Assert.Equal(["resourceVersion"], ev["object"]!["metadata"]!.AsObject().Select(p => p.Key));
    }
}
