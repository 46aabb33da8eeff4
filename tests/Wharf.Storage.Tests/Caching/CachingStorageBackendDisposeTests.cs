using Wharf.Storage.Caching;
using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests.Caching;

public sealed class CachingStorageBackendDisposeTests
{
    [Fact]
    public async Task DisposeAsync_EndsCachedAndDelegatedWatchesCleanly()
    {
        await using var temp = await TempStore.OpenAsync();
        for (var i = 1; i <= 10; i++)
        {
            await temp.Store.CreateAsync($"/d/{i}", Bytes("x"));
        }

        var cache = new CachingStorageBackend(temp.Store, new CachingStorageOptions { DisposeInner = false, EventBufferSize = 2 });
        await cache.WaitUntilLoadedAsync();
        var cached = Drain(cache.WatchAsync("/d/", cache.CurrentRevision));
        var delegated = Drain(cache.WatchAsync("/d/", 3));
        await Eventually.TrueAsync(() => cache.ActiveWatchers == 1 && cache.DelegatedWatchers == 1, "both watches running");

        await cache.DisposeAsync();

        Assert.Equal(0, await cached.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(7, await delegated.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(cache.IsLive);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DisposeAsync_DisposesTheInnerStoreOnlyWhenItOwnsIt(bool disposeInner)
    {
        await using var temp = await TempStore.OpenAsync();
        var cache = new CachingStorageBackend(temp.Store, new CachingStorageOptions { DisposeInner = disposeInner });
        await cache.WaitUntilLoadedAsync();

        await cache.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => cache.GetAsync("/x"));
        Assert.Throws<ObjectDisposedException>(() => cache.WatchAsync("/x/", 0));
        if (disposeInner)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => temp.Store.CreateAsync("/x", Bytes("x")));
        }
        else
        {
            Assert.Equal(1, (await temp.Store.CreateAsync("/x", Bytes("x"))).ModRevision);
        }
    }

    private static async Task<int> Drain(IAsyncEnumerable<WatchEvent> watch)
    {
        var count = 0;
        await foreach (var _ in watch)
        {
            count++;
        }

        return count;
    }
}
