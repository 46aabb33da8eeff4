using Wharf.Storage.Caching;
using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

/// <summary>
/// An update that names the object it replaces (<see cref="IStorageBackend.UpdateAsync(string, ReadOnlyMemory{byte}, StoredObject, CancellationToken)"/>):
/// the store checks only the key's newest revision and takes the replaced value from the caller's object. Every
/// outcome must be the one the update by revision gives: same rows, same events, same refusals.
/// </summary>
public sealed class ExpectedObjectUpdateTests
{
    [Fact]
    public async Task Update_OfTheCurrentObject_WritesWhatTheUpdateByRevisionWrites()
    {
        await using var byObject = await TempStore.OpenAsync();
        await using var byRevision = await TempStore.OpenAsync();
        var watchByObject = WatchCollector.TakeAsync(byObject.Store.WatchAsync("/e/", 0), 4);
        var watchByRevision = WatchCollector.TakeAsync(byRevision.Store.WatchAsync("/e/", 0), 4);

        foreach (var (temp, useObject) in new[] { (byObject, true), (byRevision, false) })
        {
            var s = temp.Store;
            var created = await s.CreateAsync("/e/a", Bytes("a1"));
            await s.CreateAsync("/e/b", Bytes("b1"));
            var second = useObject ? await s.UpdateAsync("/e/a", Bytes("a2"), created) : await s.UpdateAsync("/e/a", Bytes("a2"), created.ModRevision);
            var third = useObject ? await s.UpdateAsync("/e/a", Bytes("a3"), second) : await s.UpdateAsync("/e/a", Bytes("a3"), second.ModRevision);
            Assert.Equal((3L, 1L, 4L, 1L), (second.ModRevision, second.CreateRevision, third.ModRevision, third.CreateRevision));
        }

        var live = Describe(await watchByObject);
        Assert.Equal(Describe(await watchByRevision), live);
        Assert.Equal(["Updated 3 a2 <- 1 a1", "Updated 4 a3 <- 3 a2"], live.Skip(2));
        // The log itself, replayed after a reopen, tells the same story (the previous values come from the rows).
        await byObject.ReopenAsync();
        Assert.Equal(live, Describe(await WatchCollector.TakeAsync(byObject.Store.WatchAsync("/e/", 0), 4)));
        Assert.Equal("a3", Text((await byObject.Store.GetAsync("/e/a"))!));
    }

    [Fact]
    public async Task Update_OfAnObjectThatMovedOn_IsAConflict()
    {
        await using var temp = await TempStore.OpenAsync();
        var first = await temp.Store.CreateAsync("/e/a", Bytes("a1"));
        await temp.Store.UpdateAsync("/e/a", Bytes("a2"), first);

        var conflict = await Assert.ThrowsAsync<RevisionConflictException>(() => temp.Store.UpdateAsync("/e/a", Bytes("stale"), first));

        Assert.Equal((1L, 2L), (conflict.Expected, conflict.Actual));
        Assert.Equal("a2", Text((await temp.Store.GetAsync("/e/a"))!));
    }

    [Fact]
    public async Task Update_OfADeletedObject_IsNotFound_AndOfARecreatedOne_AConflict()
    {
        await using var temp = await TempStore.OpenAsync();
        var first = await temp.Store.CreateAsync("/e/a", Bytes("a1"));
        await temp.Store.DeleteAsync("/e/a", first.ModRevision);

        await Assert.ThrowsAsync<KeyNotFoundInStoreException>(() => temp.Store.UpdateAsync("/e/a", Bytes("x"), first));

        await temp.Store.CreateAsync("/e/a", Bytes("again"));
        await Assert.ThrowsAsync<RevisionConflictException>(() => temp.Store.UpdateAsync("/e/a", Bytes("x"), first));
        Assert.Equal("again", Text((await temp.Store.GetAsync("/e/a"))!));
    }

    [Fact]
    public async Task Update_WithAnotherKeysObject_IsRefused()
    {
        await using var temp = await TempStore.OpenAsync();
        var a = await temp.Store.CreateAsync("/e/a", Bytes("a1"));
        await temp.Store.CreateAsync("/e/b", Bytes("b1"));

        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.UpdateAsync("/e/b", Bytes("x"), a));
        Assert.Equal("b1", Text((await temp.Store.GetAsync("/e/b"))!));
    }

    [Fact]
    public async Task Update_ThroughTheWatchCache_WithTheCachedObject_GivesTheCacheTheNewObject()
    {
        await using var temp = await TempStore.OpenAsync();
        await using var cache = new CachingStorageBackend(temp.Store, new CachingStorageOptions { DisposeInner = false });
        await cache.WaitUntilLoadedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var created = await cache.CreateAsync("/e/a", Bytes("a1"));
        var cached = await cache.GetAsync("/e/a");

        var updated = await cache.UpdateAsync("/e/a", Bytes("a2"), cached!);

        Assert.Equal(created.ModRevision + 1, updated.ModRevision);
        Assert.Equal(("a2", updated.ModRevision), (Text((await cache.GetAsync("/e/a"))!), (await cache.GetAsync("/e/a"))!.ModRevision));
    }

    private static List<string> Describe(IEnumerable<WatchEvent> events) =>
        events.Select(e => $"{e.Type} {e.Object.ModRevision} {Text(e.Object)}" + (e.Previous is { } p ? $" <- {p.ModRevision} {Text(p)}" : "")).ToList();
}
