using Wharf.Storage.Caching;
using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests.Caching;

public sealed class CachingStorageBackendWatchTests
{
    [Fact]
    public async Task WatchAsync_FromInsideTheBuffer_ReplaysThenDeliversLive()
    {
        await using var s = await CachedStore.OpenAsync();
        var cache = s.Cache;
        var start = cache.CurrentRevision;
        for (var i = 1; i <= 5; i++)
        {
            await cache.CreateAsync($"/w/{i}", Bytes($"{i}"));
            await cache.CreateAsync($"/other/{i}", Bytes($"{i}"));
        }

        var watching = WatchCollector.TakeAsync(cache.WatchAsync("/w/", start + 4), 5);
        await cache.CreateAsync("/w/6", Bytes("6"));
        await cache.UpdateAsync("/w/6", Bytes("6b"), 0);
        await cache.DeleteAsync("/w/1", 0);

        var events = await watching;
        Assert.Equal(["/w/3", "/w/4", "/w/5", "/w/6", "/w/6"], events.Select(e => e.Object.Key));
        Assert.Equal([WatchEventType.Created, WatchEventType.Created, WatchEventType.Created, WatchEventType.Created, WatchEventType.Updated], events.Select(e => e.Type));
        Assert.Equal("6", Text(events[4].Previous!));
        Assert.Equal(0, cache.DelegatedWatchers);
    }

    [Fact]
    public async Task WatchAsync_StartedDuringConcurrentWrites_SeesEveryRevisionOnceInOrder()
    {
        await using var s = await CachedStore.OpenAsync();
        var cache = s.Cache;
        const int writers = 8, perWriter = 100, total = writers * perWriter;
        var first = cache.CurrentRevision;

        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var key = $"/w/{w}/{i % 10}";
                _ = i < 10 ? await cache.CreateAsync(key, Bytes("c")) : await cache.UpdateAsync(key, Bytes($"{i}"), 0);
            }
        })));

        // Watchers join while the writes run, each from a revision a little behind the head (inside the buffer).
        var watchers = new List<(long After, Task<List<WatchEvent>> Events)>();
        while (!writing.IsCompleted && watchers.Count < 16)
        {
            var after = Math.Max(first, cache.CacheRevision - 3);
            watchers.Add((after, WatchCollector.TakeAsync(cache.WatchAsync("/w/", after), (int)(first + total - after), TimeSpan.FromSeconds(20))));
            await Task.Delay(1);
        }

        await writing;
        Assert.NotEmpty(watchers);
        foreach (var (after, events) in watchers)
        {
            var revisions = (await events).Revisions().ToList();
            Assert.Equal(Enumerable.Range((int)after + 1, (int)(first + total - after)).Select(r => (long)r), revisions);
        }

        Assert.Equal(0, cache.DelegatedWatchers);
    }

    [Fact]
    public async Task WatchAsync_OlderThanTheBuffer_IsServedByTheInnerStore()
    {
        await using var s = await CachedStore.OpenAsync(o => o.EventBufferSize = 5);
        var cache = s.Cache;
        for (var i = 1; i <= 20; i++)
        {
            await cache.CreateAsync($"/w/{i:D2}", Bytes($"{i}"));
        }

        await Eventually.TrueAsync(() => cache.CacheRevision == 20, "cache caught up");
        var watches = s.Inner.Watches;

        var events = await WatchCollector.TakeAsync(cache.WatchAsync("/w/", 2), 18);
        var fromBuffer = await WatchCollector.TakeAsync(cache.WatchAsync("/w/", 15), 5);

        Assert.Equal(Enumerable.Range(3, 18).Select(r => (long)r), events.Revisions());
        Assert.Equal(Enumerable.Range(16, 5).Select(r => (long)r), fromBuffer.Revisions());
        Assert.Equal(watches + 1, s.Inner.Watches);
    }

    [Fact]
    public async Task WatchAsync_FromACompactedRevision_ThrowsRevisionCompacted()
    {
        await using var s = await CachedStore.OpenAsync(o => o.EventBufferSize = 5);
        for (var i = 1; i <= 20; i++)
        {
            await s.Cache.CreateAsync($"/w/{i:D2}", Bytes($"{i}"));
        }

        await Eventually.TrueAsync(() => s.Cache.CacheRevision == 20, "cache caught up");
        await s.Cache.CompactAsync(10);

        await Assert.ThrowsAsync<RevisionCompactedException>(() => WatchCollector.TakeAsync(s.Cache.WatchAsync("/w/", 2), 1));
    }

    [Fact]
    public async Task WatchAsync_HundredWatchersOnOnePrefix_AllReceiveEveryEvent()
    {
        await using var s = await CachedStore.OpenAsync();
        var cache = s.Cache;
        const int watcherCount = 100, writers = 4, perWriter = 50, total = writers * perWriter;
        var after = cache.CurrentRevision;
        var watchers = Enumerable.Range(0, watcherCount)
            .Select(_ => WatchCollector.TakeAsync(cache.WatchAsync("/p/", after), total, TimeSpan.FromSeconds(20)))
            .ToList();
        Assert.Equal(watcherCount, cache.ActiveWatchers);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await cache.CreateAsync($"/p/{w}/{i}", Bytes("x"));
            }
        })));

        var expected = Enumerable.Range((int)after + 1, total).Select(r => (long)r).ToList();
        foreach (var events in await Task.WhenAll(watchers))
        {
            Assert.Equal(expected, events.Revisions());
        }

        await Eventually.TrueAsync(() => cache.ActiveWatchers == 0, "finished watchers unsubscribed");
    }

    [Fact]
    public async Task WatchAsync_SlowWatcher_IsEndedWithoutHoldingUpOthers()
    {
        await using var s = await CachedStore.OpenAsync(o => o.WatcherBufferSize = 4);
        var cache = s.Cache;
        var after = cache.CurrentRevision;
        await using var slow = cache.WatchAsync("/p/", after).GetAsyncEnumerator();
        var slowFirst = slow.MoveNextAsync().AsTask();
        await using var fast = cache.WatchAsync("/p/", after).GetAsyncEnumerator();
        var fastFirst = fast.MoveNextAsync().AsTask();
        Assert.Equal(2, cache.ActiveWatchers);

        // The fast watcher reads each event before the next write; the slow one reads nothing meanwhile.
        for (var i = 0; i < 20; i++)
        {
            var written = await cache.CreateAsync($"/p/{i:D2}", Bytes("x"));
            Assert.True(i == 0 ? await fastFirst.WaitAsync(TimeSpan.FromSeconds(5)) : await fast.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(written.ModRevision, fast.Current.Object.ModRevision);
        }

        Assert.Equal(1, cache.ActiveWatchers);
        Assert.True(await slowFirst);
        var slowEvents = new List<long> { slow.Current.Object.ModRevision };
        var overflow = await Assert.ThrowsAsync<WatchOverflowException>(async () =>
        {
            while (await slow.MoveNextAsync())
            {
                slowEvents.Add(slow.Current.Object.ModRevision);
            }
        });

        // What was queued before the overflow still arrives, in order, before the error.
        Assert.Equal(Enumerable.Range((int)after + 1, slowEvents.Count).Select(r => (long)r), slowEvents);
        Assert.InRange(slowEvents.Count, 1, 5);
        Assert.Contains("behind", overflow.Message);
    }

    [Fact]
    public async Task WatchAsync_Cancelled_Unsubscribes()
    {
        await using var s = await CachedStore.OpenAsync();
        using var cts = new CancellationTokenSource();
        var watching = WatchCollector.TakeAsync(s.Cache.WatchAsync("/p/", s.Cache.CurrentRevision, cts.Token), 10);
        Assert.Equal(1, s.Cache.ActiveWatchers);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        Assert.Equal(0, s.Cache.ActiveWatchers);
    }
}
