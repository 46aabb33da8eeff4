using System.Text.Json.Nodes;
using Wharf.ApiServer.Admission;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;
using Wharf.Storage;
using Wharf.Storage.Caching;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>
/// An update that names the resourceVersion the watch cache holds starts from the cached object instead of a SQLite
/// read, and a read-modify-write (PATCH, binding) starts from the cache's copy whatever its revision. Each case runs
/// the same writes against a store with and without the watch cache (same clock) and compares, or holds the cache
/// behind the store.
/// </summary>
public sealed class CachedUpdateReadTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task UpdateAtTheReturnedVersion_SkipsTheAuthoritativeRead_AndStoresTheSameBytes()
    {
        await using var cached = await Setup.OpenAsync(withCache: true);
        await using var plain = await Setup.OpenAsync(withCache: false);
        foreach (var s in new[] { cached, plain })
        {
            var created = await s.CreateAsync("{'metadata':{'name':'c','labels':{'a':'b'}},'data':{'k':'0','p':'x'}}");
            await s.CatchUpAsync();
            var reads = s.Reads;
            var first = await s.UpdateAsync("{'metadata':{'name':'c','labels':{'a':'b'},'resourceVersion':'RV'},'data':{'k':'1','p':'x'}}", created);
            await s.CatchUpAsync();
            var second = await s.UpdateAsync("{'metadata':{'name':'c','resourceVersion':'RV'},'data':{'k':'2'}}", first);
            s.ReadsDuringUpdates = s.Reads - reads;
            s.Result = second;
        }

        Assert.Equal(0, cached.ReadsDuringUpdates);
        Assert.Equal(2, plain.ReadsDuringUpdates);
        // Both updates hand the store the object they replace, so it checks the revision without reading it again.
        Assert.Equal(2, plain.UpdatesNamingTheObject);
        Assert.Equal(Normalise(plain.Result!), Normalise(cached.Result!));
        Assert.Equal(Normalise(await plain.StoredAsync()), Normalise(await cached.StoredAsync()));
    }

    [Theory]
    [InlineData("stale version, cache caught up", true)]
    [InlineData("stale version, cache behind", false)]
    public async Task StaleVersion_IsTheSameConflict(string name, bool catchUp)
    {
        _ = name;
        await using var s = await Setup.OpenAsync(withCache: true);
        var created = await s.CreateAsync("{'metadata':{'name':'c'},'data':{'k':'0'}}");
        await s.CatchUpAsync();
        await s.UpdateAsync("{'metadata':{'name':'c','resourceVersion':'RV'},'data':{'k':'1'}}", created);
        if (catchUp) await s.CatchUpAsync();

        var error = await Fails.StatusAsync(() => s.UpdateAsync("{'metadata':{'name':'c','resourceVersion':'RV'},'data':{'k':'2'}}", created));

        Assert.Equal((409, "Conflict"), (error.Code, error.Reason));
        Assert.Equal("Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your changes to the latest version and try again", error.Message);
        Assert.Equal("1", (string)(await s.StoredAsync())["data"]!["k"]!);
    }

    [Theory]
    [InlineData("no resourceVersion", "")]
    [InlineData("resourceVersion the cache does not hold", "999999")]
    public async Task OtherVersions_ReadTheStore(string name, string version)
    {
        _ = name;
        await using var s = await Setup.OpenAsync(withCache: true);
        await s.CreateAsync("{'metadata':{'name':'c'},'data':{'k':'0'}}");
        await s.CatchUpAsync();
        var reads = s.Reads;

        var outcome = await Record.ExceptionAsync(() => s.UpdateRawAsync($"{{'metadata':{{'name':'c','resourceVersion':'{version}'}},'data':{{'k':'1'}}}}"));

        Assert.Equal(1, s.Reads - reads);
        Assert.Equal(version == "" ? (int?)null : 409, (outcome as StatusException)?.Code);
    }

    [Fact]
    public async Task DeletedSinceCached_IsNotFound()
    {
        await using var s = await Setup.OpenAsync(withCache: true);
        var created = await s.CreateAsync("{'metadata':{'name':'c'},'data':{'k':'0'}}");
        await s.CatchUpAsync();
        await s.Store.DeleteAsync(s.Kind, "default", "c", new DeleteOptions(), None);

        var error = await Fails.StatusAsync(() => s.UpdateAsync("{'metadata':{'name':'c','resourceVersion':'RV'},'data':{'k':'1'}}", created));

        Assert.Equal(404, error.Code);
    }

    [Fact]
    public async Task GuaranteedUpdate_StartsFromTheCachedCopy_AndStoresTheSameBytes()
    {
        await using var cached = await Setup.OpenAsync(withCache: true);
        await using var plain = await Setup.OpenAsync(withCache: false);
        foreach (var s in new[] { cached, plain })
        {
            await s.CreateAsync("{'metadata':{'name':'c'},'data':{'k':'0'}}");
            await s.CatchUpAsync();
            var reads = s.Reads;
            s.Result = await s.PatchAsync(o => Set(o, "k", "1"));
            s.ReadsDuringUpdates = s.Reads - reads;
        }

        Assert.Equal(0, cached.ReadsDuringUpdates);
        Assert.Equal(1, plain.ReadsDuringUpdates);
        Assert.Equal(Normalise(plain.Result!), Normalise(cached.Result!));
        Assert.Equal(Normalise(await plain.StoredAsync()), Normalise(await cached.StoredAsync()));
    }

    [Fact]
    public async Task GuaranteedUpdate_OnAStaleCopy_IsAppliedToTheStoredObject()
    {
        await using var s = await Setup.OpenAsync(withCache: true);
        await s.CreateAsync("{'metadata':{'name':'c'},'data':{'k':'0'}}");
        await s.CatchUpAsync();
        s.HoldCache();
        await s.PatchAsync(o => Set(o, "k", "1"));

        var patched = await s.PatchAsync(o => Set(o, "j", "2"));

        // The copy's revision was refused by the store; the change went again onto the authoritative read.
        Assert.Equal(("1", "2"), ((string)patched["data"]!["k"]!, (string)patched["data"]!["j"]!));
        Assert.Equal(("1", "2"), ((string)(await s.StoredAsync())["data"]!["k"]!, (string)(await s.StoredAsync())["data"]!["j"]!));
    }

    [Fact]
    public async Task GuaranteedUpdate_NamingTheStoredVersion_IsNoConflict_WhileTheCacheLags()
    {
        await using var s = await Setup.OpenAsync(withCache: true);
        await s.CreateAsync("{'metadata':{'name':'c'},'data':{'k':'0'}}");
        await s.CatchUpAsync();
        s.HoldCache();
        var latest = await s.PatchAsync(o => Set(o, "k", "1"));

        var patched = await s.PatchAsync(o => Set(o, "k", "2"), requiredResourceVersion: (string)latest["metadata"]!["resourceVersion"]!);

        Assert.Equal("2", (string)patched["data"]!["k"]!);
    }

    [Theory]
    [InlineData("the cache lags (k is 0 there): the error came from the stale copy, the change is applied", true, "1")]
    [InlineData("the cache is current (k is 1): the error stands", false, "0")]
    public async Task GuaranteedUpdate_ErrorOnTheCachedCopy_StandsOnlyIfTheCopyWasCurrent(string name, bool cacheLags, string required)
    {
        _ = name;
        await using var s = await Setup.OpenAsync(withCache: true);
        await s.CreateAsync("{'metadata':{'name':'c'},'data':{'k':'0'}}");
        await s.CatchUpAsync();
        if (cacheLags) s.HoldCache();
        await s.PatchAsync(o => Set(o, "k", "1"));
        await s.CatchUpAsync(untilRevisionOf: !cacheLags);

        // Like a binding of a pod that the copy shows bound already: refused on what it sees.
        var reads = s.Reads;
        var outcome = await Record.ExceptionAsync(() => s.PatchAsync(o => (string)o["data"]!["k"]! == required
            ? Set(o, "k", "2")
            : throw StatusErrors.Conflict("configmaps", "", "configmaps", "c", $"k is not {required}")));

        Assert.Equal(cacheLags ? null : 409, (outcome as StatusException)?.Code);
        Assert.Equal(cacheLags ? "2" : "1", (string)(await s.StoredAsync())["data"]!["k"]!);
        Assert.Equal(1, s.Reads - reads); // the authoritative read that told the stale copy from a current one
    }

    private static JsonObject Set(JsonObject obj, string key, string value)
    {
        obj["data"]![key] = value;
        return obj;
    }

    /// <summary>uid is random per store; everything else must match byte for byte.</summary>
    private static string Normalise(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy["metadata"]!["uid"] = "-";
        return copy.ToJsonString();
    }

    private sealed class Setup : IAsyncDisposable
    {
        private readonly TempDirectory _directory;
        private readonly SqliteStorageBackend _sqlite;
        private readonly CachingStorageBackend? _cache;
        private readonly CountingReads _authoritative;
        private readonly CountingReads? _cacheFeed;

        private Setup(TempDirectory directory, SqliteStorageBackend sqlite, CachingStorageBackend? cache, CountingReads? cacheFeed)
        {
            _cacheFeed = cacheFeed;
            _directory = directory;
            _sqlite = sqlite;
            _cache = cache;
            _authoritative = new CountingReads(sqlite);
            IStorageBackend storage = cache is null ? _authoritative : cache;
            var time = new FixedClock();
            Store = new ResourceStore(storage, time, [new NamespaceLifecycle(sqlite)], new ManagedFieldsTracker(time), new AuthoritativeStorage(_authoritative));
        }

        public ResourceStore Store { get; }

        public ResourceKind Kind { get; } = BuiltInResources.CreateCatalog().Find("", "v1", "configmaps")!;

        public int Reads => _authoritative.Gets;

        public int UpdatesNamingTheObject => _authoritative.UpdatesNamingTheObject;

        public int ReadsDuringUpdates { get; set; }

        public JsonObject? Result { get; set; }

        public static async Task<Setup> OpenAsync(bool withCache)
        {
            var directory = new TempDirectory();
            var sqlite = await SqliteStorageBackend.OpenAsync(new SqliteStorageOptions { DataDirectory = directory.Path, CompactInterval = TimeSpan.Zero });
            // The cache is fed through a store that can hold back its watch events; its own reads are not counted.
            var cacheFeed = withCache ? new CountingReads(sqlite) : null;
            var cache = cacheFeed is null ? null : new CachingStorageBackend(cacheFeed);
            if (cache is not null) await cache.WaitUntilLoadedAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var setup = new Setup(directory, sqlite, cache, cacheFeed);
            await setup.Store.CreateAsync(BuiltInResources.CreateCatalog().Find("", "v1", "namespaces")!, null, Json.Obj("{'metadata':{'name':'default'}}"), WriteOptions.Default, None);
            return setup;
        }

        public Task<JsonObject> CreateAsync(string json) => Store.CreateAsync(Kind, "default", Json.Obj(json), WriteOptions.Default, None);

        /// <summary>Updates with the body's resourceVersion ("RV") replaced by <paramref name="after"/>'s.</summary>
        public async Task<JsonObject> UpdateAsync(string json, JsonObject after) =>
            await UpdateRawAsync(json.Replace("RV", (string)after["metadata"]!["resourceVersion"]!));

        public async Task<JsonObject> UpdateRawAsync(string json) =>
            (await Store.UpdateAsync(Kind, "default", "c", Json.Obj(json), null, WriteOptions.Default, None)).Object;

        public Task<JsonObject> PatchAsync(Func<JsonObject, JsonObject> mutate, string? requiredResourceVersion = null) =>
            Store.GuaranteedUpdateAsync(Kind, "default", "c", null, mutate, WriteOptions.Default, None, requiredResourceVersion: requiredResourceVersion);

        /// <summary>The cache sees no change from now on: its copies stay at the revision they have.</summary>
        public void HoldCache() => _cacheFeed!.HoldWatchEvents();

        public async Task<JsonObject> StoredAsync() => ObjectCodec.Decode((await _sqlite.GetAsync(ResourceStore.KeyFor(Kind, "default", "c")))!);

        public async Task CatchUpAsync(bool untilRevisionOf = true)
        {
            if (!untilRevisionOf) return;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (_cache is not null && _cache.CacheRevision < _sqlite.CurrentRevision && DateTime.UtcNow < deadline)
                await Task.Delay(1);
        }

        public async ValueTask DisposeAsync()
        {
            _cacheFeed?.ReleaseWatchEvents();
            if (_cache is not null) await _cache.DisposeAsync();
            else await _sqlite.DisposeAsync();
            _directory.Dispose();
        }
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    }
}
