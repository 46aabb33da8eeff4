using Wharf.Storage.Caching;
namespace Wharf.Storage.Tests.Caching;

/// <summary>A real SQLite store in a temp directory, seen through a <see cref="FlakyBackend"/> and a loaded <see cref="CachingStorageBackend"/>.</summary>
internal sealed class CachedStore : IAsyncDisposable
{
    private CachedStore(TempStore temp, FlakyBackend inner, CachingStorageBackend cache)
    {
        Temp = temp;
        Inner = inner;
        Cache = cache;
    }

    public TempStore Temp { get; }

    /// <summary>The SQLite store itself, bypassing the cache and the fault injection.</summary>
    public SqliteStorageBackend Store => Temp.Store;

    public FlakyBackend Inner { get; }

    public CachingStorageBackend Cache { get; }

    /// <summary>Opens the store, lets <paramref name="seed"/> write to it before the cache exists, then waits for the cache to load.</summary>
    public static async Task<CachedStore> OpenAsync(Action<CachingStorageOptions>? configure = null, Func<SqliteStorageBackend, Task>? seed = null)
    {
        var temp = await TempStore.OpenAsync();
        if (seed is not null)
        {
            await seed(temp.Store);
        }

        var options = new CachingStorageOptions
        {
            RetryInitialDelay = TimeSpan.FromMilliseconds(5),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        var inner = new FlakyBackend(temp.Store);
        var cache = new CachingStorageBackend(inner, options);
        await cache.WaitUntilLoadedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return new CachedStore(temp, inner, cache);
    }

    public async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        await Temp.DisposeAsync();
    }
}
