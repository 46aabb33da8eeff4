using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests.Caching;

/// <summary><see cref="Wharf.Storage.Caching.CachingStorageBackend.GetIfAtRevision"/>: the read an update by resourceVersion starts from.</summary>
public sealed class CachingStorageBackendRevisionReadTests
{
    [Fact]
    public async Task AtTheCachedRevision_AnswersFromMemory()
    {
        await using var s = await CachedStore.OpenAsync();
        var created = await s.Cache.CreateAsync("/rv/a", Bytes("v1"));
        await Eventually.TrueAsync(() => s.Cache.CacheRevision >= created.ModRevision, "cache caught up");
        var gets = s.Inner.Gets;

        var got = s.Cache.GetIfAtRevision("/rv/a", created.ModRevision);

        Assert.Equal(("v1", created.ModRevision, created.CreateRevision), (Text(got!), got!.ModRevision, got.CreateRevision));
        Assert.Equal(gets, s.Inner.Gets);
    }

    [Theory]
    [InlineData("older revision", "older")]
    [InlineData("newer revision than cached", "newer")]
    [InlineData("missing key", "missing")]
    [InlineData("deleted key", "deleted")]
    public async Task AnyOtherRevision_IsNull(string name, string situation)
    {
        _ = name;
        await using var s = await CachedStore.OpenAsync();
        var created = await s.Cache.CreateAsync("/rv/a", Bytes("v1"));
        var updated = await s.Cache.UpdateAsync("/rv/a", Bytes("v2"), created.ModRevision);
        var (key, revision) = situation switch
        {
            "older" => ("/rv/a", created.ModRevision),
            "newer" => ("/rv/a", updated.ModRevision + 1),
            "missing" => ("/rv/none", updated.ModRevision),
            _ => ("/rv/a", (await s.Cache.DeleteAsync("/rv/a", updated.ModRevision)).ModRevision),
        };
        await Eventually.TrueAsync(() => s.Cache.CacheRevision == s.Store.CurrentRevision, "cache caught up");

        Assert.Null(s.Cache.GetIfAtRevision(key, revision));
    }

    [Fact]
    public async Task LaggingCache_MayAnswerAStaleRevision_WhoseWriteTheStoreRefuses()
    {
        await using var s = await CachedStore.OpenAsync(o => o.ConsistentReadTimeout = TimeSpan.FromMilliseconds(100));
        var created = await s.Cache.CreateAsync("/rv/a", Bytes("v1"));
        await Eventually.TrueAsync(() => s.Cache.CacheRevision >= created.ModRevision, "cache caught up");
        s.Inner.BlockWatches = true;
        s.Inner.BreakWatches();
        var updated = await s.Cache.UpdateAsync("/rv/a", Bytes("v2"), created.ModRevision);

        // The cache has not seen v2: asked for v2 it has nothing; asked for v1 it may still hold it.
        Assert.Null(s.Cache.GetIfAtRevision("/rv/a", updated.ModRevision));
        var stale = s.Cache.GetIfAtRevision("/rv/a", created.ModRevision);
        if (stale is not null) Assert.Equal("v1", Text(stale));
        // What makes using it safe: a write expecting that revision is refused, as it would have been after a fresh read.
        var refused = await Assert.ThrowsAsync<RevisionConflictException>(() => s.Cache.UpdateAsync("/rv/a", Bytes("v3"), created.ModRevision));
        Assert.Equal(updated.ModRevision, refused.Actual);
    }

    [Fact]
    public async Task CacheNotLoaded_IsNull()
    {
        await using var temp = await TempStore.OpenAsync();
        var created = await temp.Store.CreateAsync("/rv/a", Bytes("v1"));
        var inner = new FlakyBackend(temp.Store) { WholeStoreListGate = new TaskCompletionSource().Task };
        await using var cache = new Wharf.Storage.Caching.CachingStorageBackend(inner, new Wharf.Storage.Caching.CachingStorageOptions());

        Assert.False(cache.IsLive);
        Assert.Null(cache.GetIfAtRevision("/rv/a", created.ModRevision));
    }
}
