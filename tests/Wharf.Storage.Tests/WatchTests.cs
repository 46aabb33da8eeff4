using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

public sealed class WatchTests
{
    [Fact]
    public async Task WatchAsync_ReplaysHistoryThenDeliversLiveChanges()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        for (var i = 1; i <= 5; i++)
        {
            await s.CreateAsync($"/w/{i}", Bytes($"{i}"));
        }

        var watching = WatchCollector.TakeAsync(s.WatchAsync("/w/", afterRevision: 2), 5);
        await s.CreateAsync("/w/6", Bytes("6"));
        await s.CreateAsync("/w/7", Bytes("7"));

        Assert.Equal([3L, 4, 5, 6, 7], (await watching).Revisions());
    }

    [Fact]
    public async Task WatchAsync_Events_CarryTypeValueAndPrevious()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        await s.CreateAsync("/w/a", Bytes("v1"));
        await s.UpdateAsync("/w/a", Bytes("v2"), 1);
        await s.DeleteAsync("/w/a", 2);

        var replayed = await WatchCollector.TakeAsync(s.WatchAsync("/w/", 0), 3);
        var live = WatchCollector.TakeAsync(s.WatchAsync("/w/", 3), 3);
        await s.CreateAsync("/w/a", Bytes("v1"));
        await s.UpdateAsync("/w/a", Bytes("v2"), 4);
        await s.DeleteAsync("/w/a", 5);

        // Replayed from the log and published live, the same change must look the same.
        foreach (var events in new[] { replayed, await live })
        {
            Assert.Equal([WatchEventType.Created, WatchEventType.Updated, WatchEventType.Deleted], events.Select(e => e.Type));
            Assert.Null(events[0].Previous);
            Assert.Equal(("v2", "v1"), (Text(events[1].Object), Text(events[1].Previous!)));
            Assert.Equal(events[0].Object.ModRevision, events[1].Previous!.ModRevision);
            Assert.Equal(("v2", "v2"), (Text(events[2].Object), Text(events[2].Previous!)));
            Assert.Equal(events[1].Object.ModRevision, events[2].Previous!.ModRevision);
            Assert.All(events, e => Assert.Equal(events[0].Object.ModRevision, e.Object.CreateRevision));
        }
    }

    [Fact]
    public async Task WatchAsync_StartedDuringConcurrentWrites_SeesEveryRevisionOnceInOrder()
    {
        const int writers = 16, perWriter = 150, total = writers * perWriter;
        // A buffer that holds every event: this test is about joining mid-stream (no gap, no duplicate), and on a
        // loaded machine a watcher may lag by more than the default buffer, which ends its watch by design
        // (WatchAsync_ConsumerFallsBehind_EndsWithOverflowAfterTheBufferedEvents covers that).
        await using var temp = await TempStore.OpenAsync(o => o.WatchBufferSize = total);
        var s = temp.Store;

        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var key = $"/w/{w}/{i % 10}";
                if (i < 10)
                {
                    await s.CreateAsync(key, Bytes("c"));
                }
                else
                {
                    await s.UpdateAsync(key, Bytes($"{i}"), 0);
                }
            }
        })));

        // Watchers join at different moments, each from the revision current when it joins.
        var watchers = new List<(long After, Task<List<WatchEvent>> Events)>();
        while (!writing.IsCompleted && watchers.Count < 12)
        {
            var after = s.CurrentRevision;
            watchers.Add((after, WatchCollector.TakeAsync(s.WatchAsync("/w/", after), total - (int)after, TimeSpan.FromSeconds(20))));
            await Task.Delay(5);
        }

        await writing;
        Assert.True(watchers.Count >= 2, "writes finished before watchers could join");
        foreach (var (after, events) in watchers)
        {
            var expected = Enumerable.Range((int)after + 1, total - (int)after).Select(r => (long)r);
            Assert.Equal(expected, (await events).Revisions());
        }
    }

    [Fact]
    public async Task WatchAsync_ReplayLongerThanTheBuffer_DoesNotOverflow()
    {
        await using var temp = await TempStore.OpenAsync(o => o.WatchBufferSize = 8);
        var s = temp.Store;
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => s.CreateAsync($"/w/{i:D3}", Bytes("x"))));

        var watching = WatchCollector.TakeAsync(s.WatchAsync("/w/", 0), 303);
        await s.CreateAsync("/w/x", Bytes("x"));
        await s.CreateAsync("/w/y", Bytes("x"));
        await s.CreateAsync("/w/z", Bytes("x"));

        Assert.Equal(Enumerable.Range(1, 303).Select(r => (long)r), (await watching).Revisions());
    }

    [Fact]
    public async Task WatchAsync_ConsumerFallsBehind_EndsWithOverflowAfterTheBufferedEvents()
    {
        await using var temp = await TempStore.OpenAsync(o => o.WatchBufferSize = 4);
        var s = temp.Store;
        await using var watch = s.WatchAsync("/w/", 0).GetAsyncEnumerator();
        var first = watch.MoveNextAsync(); // subscribes, then waits for the first event

        for (var i = 0; i < 20; i++)
        {
            await s.CreateAsync($"/w/{i:D2}", Bytes("x"));
        }

        var received = new List<long>();
        Assert.True(await first);
        received.Add(watch.Current.Object.ModRevision);
        await Assert.ThrowsAsync<WatchOverflowException>(async () =>
        {
            while (await watch.MoveNextAsync())
            {
                received.Add(watch.Current.Object.ModRevision);
            }
        });
        Assert.Equal(Enumerable.Range(1, received.Count).Select(r => (long)r), received);
        Assert.InRange(received.Count, 1, 6);
    }

    [Fact]
    public async Task WatchAsync_FromBelowTheCompactRevision_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        for (var i = 0; i < 5; i++)
        {
            await s.CreateAsync($"/w/{i}", Bytes("x"));
        }

        await s.CompactAsync(3);

        await using var watch = s.WatchAsync("/w/", 2).GetAsyncEnumerator();
        var error = await Assert.ThrowsAsync<RevisionCompactedException>(async () => await watch.MoveNextAsync());
        Assert.Equal((2L, 3L), (error.Requested, error.Compacted));
        Assert.Equal([4L, 5], (await WatchCollector.TakeAsync(s.WatchAsync("/w/", 3), 2)).Revisions());
    }

    [Fact]
    public async Task WatchAsync_FromAheadOfThePublishedRevision_SkipsChangesUpToIt()
    {
        // A caller can read a row (and its revision) a moment before the writer publishes it; watching
        // from that revision must not deliver it again.
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        await s.CreateAsync("/w/a", Bytes("x"));
        var watching = WatchCollector.TakeAsync(s.WatchAsync("/w/", afterRevision: 3), 2);

        for (var i = 0; i < 4; i++)
        {
            await s.UpdateAsync("/w/a", Bytes($"{i}"), 0);
        }

        Assert.Equal([4L, 5], (await watching).Revisions());
    }

    [Fact]
    public async Task WatchAsync_Cancelled_StopsWithOperationCanceled()
    {
        await using var temp = await TempStore.OpenAsync();
        using var cts = new CancellationTokenSource();
        await using var watch = temp.Store.WatchAsync("/w/", 0, cts.Token).GetAsyncEnumerator();
        var next = watch.MoveNextAsync();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
    }

    [Fact]
    public async Task DisposeAsync_EndsOpenWatches()
    {
        var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/w/a", Bytes("x"));
        await using var watch = temp.Store.WatchAsync("/w/", 0).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());
        var next = watch.MoveNextAsync();

        await temp.DisposeAsync();

        Assert.False(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
