using System.Text.Json.Nodes;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Rest;

public sealed class ApiClientTests : IAsyncLifetime
{
    private TestApiServer _server = null!;
    private ApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await TestApiServer.StartAsync();
        _client = _server.NewClient();
        await _client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("app"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CreateGetUpdateDelete_RoundTrip()
    {
        var ct = CancellationToken.None;
        var created = await _client.CreateAsync(Resource.ConfigMaps, "app", Objects.ConfigMap(null, "cfg"), ct);
        Assert.Equal("app", created["metadata"]!["namespace"]!.ToString());

        var fetched = await _client.GetAsync(Resource.ConfigMaps, "app", "cfg", ct);
        fetched["data"]!["k"] = "changed";
        var updated = await _client.UpdateAsync(Resource.ConfigMaps, fetched, ct);
        Assert.Equal("changed", updated["data"]!["k"]!.ToString());

        await _client.DeleteAsync(Resource.ConfigMaps, "app", "cfg", null, ct);
        var gone = await Assert.ThrowsAsync<ApiException>(() => _client.GetAsync(Resource.ConfigMaps, "app", "cfg", ct));
        Assert.True(gone.IsNotFound);
        Assert.Equal(404, gone.Code);
        Assert.Equal("configmaps \"cfg\" not found", gone.Message);
    }

    [Fact]
    public async Task Errors_CarryTheServersStatus()
    {
        var ct = CancellationToken.None;
        var created = await _client.CreateAsync(Resource.ConfigMaps, "app", Objects.ConfigMap(null, "dup"), ct);
        var exists = await Assert.ThrowsAsync<ApiException>(() => _client.CreateAsync(Resource.ConfigMaps, "app", Objects.ConfigMap(null, "dup"), ct));
        Assert.True(exists.IsAlreadyExists);
        Assert.Equal(409, exists.Code);

        var stale = created.DeepClone().AsObject();
        created["data"]!["k"] = "newer";
        await _client.UpdateAsync(Resource.ConfigMaps, created, ct);
        var conflict = await Assert.ThrowsAsync<ApiException>(() => _client.UpdateAsync(Resource.ConfigMaps, stale, ct));
        Assert.True(conflict.IsConflict);
        Assert.Equal("Conflict", conflict.Reason);
    }

    [Fact]
    public async Task CreateWithoutAnswer_CreatesTheObjectAndThrowsTheServersStatusOnFailure()
    {
        var ct = CancellationToken.None;
        var body = System.Text.Encoding.UTF8.GetBytes(Objects.ConfigMap(null, "quiet").ToJsonString());

        await _client.CreateWithoutAnswerAsync(Resource.ConfigMaps, "app", body, ct);
        var stored = await _client.GetAsync(Resource.ConfigMaps, "app", "quiet", ct);
        Assert.Equal("v", stored["data"]!["k"]!.ToString());

        var conflict = await Assert.ThrowsAsync<ApiException>(() => _client.CreateWithoutAnswerAsync(Resource.ConfigMaps, "app", body, ct));
        Assert.Equal(409, conflict.Code);
        Assert.Equal("AlreadyExists", conflict.Reason);
        // The connection is still good for the next request after an answer that was drained, and after an error.
        await _client.CreateWithoutAnswerAsync(Resource.ConfigMaps, "app", System.Text.Encoding.UTF8.GetBytes(Objects.ConfigMap(null, "next").ToJsonString()), ct);
        Assert.Equal("next", (await _client.GetAsync(Resource.ConfigMaps, "app", "next", ct))["metadata"]!["name"]!.ToString());
    }

    [Fact]
    public async Task List_PagesWithLimitAndContinueAndFiltersByLabel()
    {
        var ct = CancellationToken.None;
        for (var i = 0; i < 5; i++)
        {
            var cm = Objects.ConfigMap(null, $"page-{i}");
            cm["metadata"]!["labels"] = new JsonObject { ["tier"] = i % 2 == 0 ? "even" : "odd" };
            await _client.CreateAsync(Resource.ConfigMaps, "app", cm, ct);
        }
        var names = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await _client.ListAsync(Resource.ConfigMaps, "app", new ListOptions { Limit = 2, Continue = next, LabelSelector = "tier" }, ct);
            pages++;
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.ToString()));
            next = page["metadata"]?["continue"]?.ToString();
        }
        while (!string.IsNullOrEmpty(next));
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"page-{i}"), names.Order());

        var even = await _client.ListAsync(Resource.ConfigMaps, "app", new ListOptions { LabelSelector = "tier=even" }, ct);
        Assert.Equal(3, even["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("merge", PatchType.Merge, """{"data":{"k":"merged"}}""")]
    [InlineData("strategic", PatchType.StrategicMerge, """{"data":{"k":"merged"}}""")]
    [InlineData("json", PatchType.Json, """[{"op":"replace","path":"/data/k","value":"merged"}]""")]
    public async Task Patch_AppliesEachFormat(string name, PatchType type, string patch)
    {
        var ct = CancellationToken.None;
        await _client.CreateAsync(Resource.ConfigMaps, "app", Objects.ConfigMap(null, "patch-" + name), ct);
        var patched = await _client.PatchAsync(Resource.ConfigMaps, "app", "patch-" + name, type, JsonNode.Parse(patch)!, null, ct);
        Assert.Equal("merged", patched["data"]!["k"]!.ToString());
    }

    [Fact]
    public async Task UpdateStatus_WritesOnlyTheStatus()
    {
        var ct = CancellationToken.None;
        var ns = await _client.GetAsync(Resource.Namespaces, null, "app", ct);
        ns["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Test", ["status"] = "True" });
        var updated = await _client.UpdateStatusAsync(Resource.Namespaces, ns, ct);
        Assert.Equal("Test", updated["status"]!["conditions"]![0]!["type"]!.ToString());
    }

    [Fact]
    public async Task UpdateStatusReadingMetadata_WritesAsUpdateStatus_AndReadsTheAnswersMetadata()
    {
        var ct = CancellationToken.None;
        var ns = await _client.GetAsync(Resource.Namespaces, null, "app", ct);
        ns["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Test", ["status"] = "True" });
        var written = await _client.UpdateStatusReadingMetadataAsync(Resource.Namespaces, ns, ct);
        var stored = await _client.GetAsync(Resource.Namespaces, null, "app", ct);
        Assert.Equal("Test", stored["status"]!["conditions"]![0]!["type"]!.ToString());
        Assert.Equal(AnswerMetadata.From(stored), written);
        Assert.NotEqual(ObjectMeta.ResourceVersion(ns), written.ResourceVersion);

        // A stale version fails as the full update's does.
        var conflict = await Assert.ThrowsAsync<ApiException>(() => _client.UpdateStatusReadingMetadataAsync(Resource.Namespaces, ns, ct));
        Assert.True(conflict.IsConflict);
    }

    [Fact]
    public async Task UpdateStatusReadingMetadata_OfBytes_WritesThemAtTheNamedObject()
    {
        var ct = CancellationToken.None;
        var ns = await _client.GetAsync(Resource.Namespaces, null, "app", ct);
        ns["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Bytes", ["status"] = "True" });
        var written = await _client.UpdateStatusReadingMetadataAsync(Resource.Namespaces, "", "app", System.Text.Encoding.UTF8.GetBytes(ns.ToJsonString()), ct);
        var stored = await _client.GetAsync(Resource.Namespaces, null, "app", ct);
        Assert.Equal("Bytes", stored["status"]!["conditions"]![0]!["type"]!.ToString());
        Assert.Equal(AnswerMetadata.From(stored), written);
    }

    [Fact]
    public async Task CreateReadingMetadata_CreatesTheBody_AndReadsTheAnswersMetadata()
    {
        var ct = CancellationToken.None;
        var body = System.Text.Encoding.UTF8.GetBytes("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"},"data":{"k":"v"}}""");
        var created = await _client.CreateReadingMetadataAsync(Resource.ConfigMaps, "app", body, ct);
        Assert.StartsWith("gen-", created.Name);
        var stored = await _client.GetAsync(Resource.ConfigMaps, "app", created.Name!, ct);
        Assert.Equal(AnswerMetadata.From(stored), created);
        Assert.Equal("v", stored["data"]!["k"]!.ToString());

        var exists = await Assert.ThrowsAsync<ApiException>(() => _client.CreateReadingMetadataAsync(Resource.ConfigMaps, "app",
            System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["metadata"] = new JsonObject { ["name"] = created.Name } }.ToJsonString()), ct));
        Assert.True(exists.IsAlreadyExists);
    }

    [Fact]
    public async Task DeleteCollection_RemovesEverythingInTheNamespace()
    {
        var ct = CancellationToken.None;
        for (var i = 0; i < 3; i++) await _client.CreateAsync(Resource.Secrets, "app", new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"s{i}" } }, ct);
        await _client.DeleteCollectionAsync(Resource.Secrets, "app", null, DeleteOptions.Background, ct);
        var left = await _client.ListAsync(Resource.Secrets, "app", null, ct);
        Assert.Empty(left["items"]!.AsArray());
    }

    [Fact]
    public async Task Watch_StreamsChangesAndEndsAtTimeout()
    {
        var ct = CancellationToken.None;
        var list = await _client.ListAsync(Resource.ConfigMaps, "app", null, ct);
        var rv = list["metadata"]!["resourceVersion"]!.ToString();
        var events = new List<(WatchEventType, string)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var ev in _client.WatchAsync(Resource.ConfigMaps, "app", new ListOptions { ResourceVersion = rv, TimeoutSeconds = 2 }, ct))
                events.Add((ev.Type, ev.Object["metadata"]!["name"]!.ToString()));
        });
        await _client.CreateAsync(Resource.ConfigMaps, "app", Objects.ConfigMap(null, "w"), ct);
        await _client.PatchAsync(Resource.ConfigMaps, "app", "w", PatchType.Merge, JsonNode.Parse("""{"data":{"k":"2"}}""")!, null, ct);
        await _client.DeleteAsync(Resource.ConfigMaps, "app", "w", null, ct);
        await watching.WaitAsync(TimeSpan.FromSeconds(10)); // ends by itself: the server honours timeoutSeconds
        Assert.Equal([(WatchEventType.Added, "w"), (WatchEventType.Modified, "w"), (WatchEventType.Deleted, "w")], events);
    }

    [Fact]
    public async Task ManyConcurrentRequests_WhileWatchesAreOpen_AllSucceed()
    {
        // More streams than one HTTP/2 connection may carry (Kestrel allows 100): 30 watches stay open while
        // 150 creates run at once; every create must succeed and every watch must see every create.
        var ct = CancellationToken.None;
        var rv = (await _client.ListAsync(Resource.ConfigMaps, "app", null, ct))["metadata"]!["resourceVersion"]!.ToString();
        using var stop = new CancellationTokenSource();
        var counts = new int[30];
        var watches = Enumerable.Range(0, counts.Length).Select(i => Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in _client.WatchAsync(Resource.ConfigMaps, "app", new ListOptions { ResourceVersion = rv }, stop.Token))
                    Interlocked.Increment(ref counts[i]);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        })).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 150).Select(i => _client.CreateAsync(Resource.ConfigMaps, "app", Objects.ConfigMap(null, $"c{i}"), ct)));
        await Eventually.HoldsAsync(() => Enumerable.Range(0, counts.Length).All(i => Volatile.Read(ref counts[i]) == 150), "every watch sees every create");
        stop.Cancel();
        await Task.WhenAll(watches);
        Assert.Equal(150, ((JsonArray)(await _client.ListAsync(Resource.ConfigMaps, "app", null, ct))["items"]!).Count);
    }

    [Fact]
    public async Task TypedListAndWatch_ReadTheServersObjects()
    {
        var ct = CancellationToken.None;
        await _client.CreateAsync(Resource.ConfigMaps, "app", Objects.ConfigMap(null, "t1", "one"), ct);
        var list = await _client.ListAsync<ConfigMapModel>(Resource.ConfigMaps, "app", null, ConfigMapModel.Json, ct);
        Assert.Equal("one", Assert.Single(list.Items).Data!["k"]);
        Assert.False(string.IsNullOrEmpty(list.ResourceVersion));
        var events = new List<(WatchEventType, string?, string?)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var ev in _client.WatchAsync<ConfigMapModel>(Resource.ConfigMaps, "app", new ListOptions { ResourceVersion = list.ResourceVersion, TimeoutSeconds = 2 }, ConfigMapModel.Json, ct))
                events.Add((ev.Type, ev.Object?.Metadata?.Name, ev.Object?.Data?["k"]));
        });
        await _client.PatchAsync(Resource.ConfigMaps, "app", "t1", PatchType.Merge, JsonNode.Parse("""{"data":{"k":"two"}}""")!, null, ct);
        await _client.DeleteAsync(Resource.ConfigMaps, "app", "t1", null, ct);
        await watching.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([(WatchEventType.Modified, "t1", "two"), (WatchEventType.Deleted, "t1", "two")], events);
    }

    [Fact]
    public async Task Watch_FromCompactedOrFutureVersion_FailsTyped()
    {
        // resourceVersion "1" predates this server's bootstrap writes only if compacted; a garbage value is a 400.
        var error = await Assert.ThrowsAsync<ApiException>(async () =>
        {
            await foreach (var _ in _client.WatchAsync(Resource.ConfigMaps, "app", new ListOptions { ResourceVersion = "abc" }, CancellationToken.None)) { }
        });
        Assert.Equal(400, error.Code);
    }

    [Fact]
    public async Task GetRaw_ReadsDiscovery()
    {
        var raw = await _client.GetRawAsync("/api", null, CancellationToken.None);
        Assert.Equal("APIVersions", raw.Body!["kind"]!.ToString());
    }

    [Fact]
    public async Task FromKubeconfig_AuthenticatesWithTheAdminCertificate()
    {
        var path = Path.Combine(_server.DataDirectory, "kubeconfig.yaml");
        _server.Host.WriteKubeconfig(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var client = ApiClient.FromKubeconfig(path);
        var ns = await client.GetAsync(Resource.Namespaces, null, "app", CancellationToken.None);
        Assert.Equal("app", ns["metadata"]!["name"]!.ToString());
    }

    [Fact]
    public async Task WrongCa_IsRefused()
    {
        using var otherCa = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other", otherCa, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var client = ApiClient.Create(_server.Host.Url, ca, _server.Host.Pki.Admin);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Resource.Namespaces, null, "app", CancellationToken.None));
    }
}
