using Wharf.Storage.Caching;
using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests.Caching;

public sealed class CacheFeedRecoveryTests
{
    [Fact]
    public async Task FeedFailure_ResumesFromTheCacheRevision_WatchersSeeNoGap()
    {
        await using var s = await CachedStore.OpenAsync();
        var cache = s.Cache;
        var after = cache.CurrentRevision;
        var watching = WatchCollector.TakeAsync(cache.WatchAsync("/r/", after), 33);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                await cache.CreateAsync($"/r/{round}{i}", Bytes("x"));
            }

            // Break the feed mid-stream, then write on while it is down and until it has re-watched.
            var watches = s.Inner.Watches;
            s.Inner.BreakWatches();
            await cache.CreateAsync($"/r/{round}x", Bytes("x"));
            await Eventually.TrueAsync(() => s.Inner.Watches > watches, "feed re-watched");
        }

        Assert.Equal(Enumerable.Range((int)after + 1, 33).Select(r => (long)r), (await watching).Revisions());
        Assert.True(s.Inner.Watches >= 4, $"the feed re-watched {s.Inner.Watches - 1} times");
        Assert.Equal(1, s.Inner.Lists);
        Assert.Equal(33, (await cache.ListAsync("/r/")).Items.Count);
    }

    [Fact]
    public async Task FeedDown_ReadsStillSeeEveryWrite()
    {
        await using var s = await CachedStore.OpenAsync(o => o.ConsistentReadTimeout = TimeSpan.FromMilliseconds(200));
        var cache = s.Cache;
        s.Inner.BlockWatches = true;
        s.Inner.BreakWatches();

        for (var i = 0; i < 5; i++)
        {
            var created = await cache.CreateAsync($"/down/{i}", Bytes($"{i}"));
            Assert.Equal(created.ModRevision, (await cache.GetAsync($"/down/{i}"))!.ModRevision);
            Assert.Equal(i + 1, (await cache.ListAsync("/down/")).Items.Count);
        }

        s.Inner.BlockWatches = false;
        await Eventually.TrueAsync(() => cache.IsLive && cache.CacheRevision == s.Store.CurrentRevision, "feed recovered");
        Assert.Equal(5, cache.CachedObjectCount);
    }

    [Fact]
    public async Task FeedDown_PastACompaction_ReListsAndEndsCachedWatchers()
    {
        await using var s = await CachedStore.OpenAsync();
        var cache = s.Cache;
        await cache.CreateAsync("/c/a", Bytes("a"));
        await cache.CreateAsync("/c/b", Bytes("b"));
        await Eventually.TrueAsync(() => cache.CacheRevision == 2, "cache caught up");
        var watching = WatchCollector.TakeAsync(cache.WatchAsync("/c/", 2), 1);

        s.Inner.BlockWatches = true;
        s.Inner.BreakWatches();
        await s.Store.DeleteAsync("/c/a", 0);
        await s.Store.CreateAsync("/c/c", Bytes("c"));
        await s.Store.CompactAsync(s.Store.CurrentRevision);
        var lists = s.Inner.Lists;
        s.Inner.BlockWatches = false;

        // The events of revisions 3 and 4 are gone from the store, so the watcher cannot be continued.
        var ended = await Assert.ThrowsAsync<WatchOverflowException>(() => watching);
        Assert.Contains("re-list", ended.Message);
        await Eventually.TrueAsync(() => cache.IsLive && s.Inner.Lists > lists, "cache re-listed");
        Assert.Equal(["/c/b", "/c/c"], (await cache.ListAsync("/c/")).Items.Select(o => o.Key));
        Assert.Equal(4, cache.CacheRevision);

        // New watches from the re-listed revision are served by the cache again.
        var next = WatchCollector.TakeAsync(cache.WatchAsync("/c/", 4), 1);
        await cache.CreateAsync("/c/d", Bytes("d"));
        Assert.Equal([5L], (await next).Revisions());
        Assert.Equal(0, cache.DelegatedWatchers);
    }

    [Fact]
    public async Task ReadsBeforeTheFirstLoad_GoToTheInnerStore()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/pre/a", Bytes("a"));
        var load = new TaskCompletionSource();
        var inner = new FlakyBackend(temp.Store) { WholeStoreListGate = load.Task };
        await using var cache = new CachingStorageBackend(inner, new CachingStorageOptions { DisposeInner = false });

        Assert.Equal("a", Text((await cache.GetAsync("/pre/a"))!));
        Assert.Single((await cache.ListAsync("/pre/")).Items);
        Assert.Equal(1, await cache.CountAsync("/pre/"));
        Assert.False(cache.IsLive);
        Assert.Equal(0, cache.CachedObjectCount);
        Assert.Equal((1, 1), (inner.Gets, inner.Counts));

        load.SetResult();
        await cache.WaitUntilLoadedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, cache.CachedObjectCount);
    }
}
