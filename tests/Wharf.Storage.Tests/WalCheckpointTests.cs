using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

/// <summary>
/// The writer checkpoints its WAL every 8,000 pages rather than SQLite's default 1,000 (see
/// <c>SqlStatements.OpenWriter</c>): commits pile up in the WAL until then, a reopen finds all of them, and the WAL
/// file still stops growing.
/// </summary>
public sealed class WalCheckpointTests
{
    private const long PageSize = 4096;

    [Fact]
    public async Task Writes_StayInTheWalPastTheDefaultInterval_AndAreAllThereAfterReopen()
    {
        await using var temp = await TempStore.OpenAsync();
        var value = new byte[3 * PageSize]; // each commit appends several pages: the value's overflow pages, the leaf, the index leaf

        await WriteAsync(temp.Store, "a", count: 600, value);

        // SQLite's default would have checkpointed at 1,000 pages and started the WAL file over from its head.
        Assert.True(WalPages(temp) > 2000, $"WAL holds {WalPages(temp)} pages");
        await temp.ReopenAsync();
        Assert.Equal(600, await temp.Store.CountAsync("/wal/a/"));
        Assert.Equal(value.Length, (await temp.Store.GetAsync("/wal/a/599"))!.Value.Length);
    }

    [Fact]
    public async Task Writes_PastTheInterval_AreCheckpointedAndTheWalStopsGrowing()
    {
        await using var temp = await TempStore.OpenAsync();
        var value = new byte[3 * PageSize];

        await WriteAsync(temp.Store, "b", count: 4000, value); // some 16,000 pages: two intervals

        Assert.InRange(WalPages(temp), 1, 9000);
        Assert.Equal(4000, await temp.Store.CountAsync("/wal/b/"));
    }

    private static async Task WriteAsync(SqliteStorageBackend store, string prefix, int count, byte[] value)
    {
        // Sixteen writers, as under load: commits carry several writes each, as the server's do.
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                await store.CreateAsync($"/wal/{prefix}/{i}", value);
        })));
    }

    private static long WalPages(TempStore temp) => new FileInfo(temp.DatabasePath + "-wal").Length / (PageSize + 24);
}
