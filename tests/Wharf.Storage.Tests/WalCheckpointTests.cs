using Wharf.Storage.Sqlite;

namespace Wharf.Storage.Tests;

/// <summary>
/// The WAL is copied into the database file by a background checkpointer on its own connection; the writer only
/// finishes the last pages when the WAL is long, so that it starts over (see <c>WalCheckpointer</c>). Without the
/// checkpointer the writer checkpoints every 8,000 pages rather than SQLite's default 1,000 (see
/// <c>SqlStatements.WalAutocheckpoint</c>).
/// </summary>
public sealed class WalCheckpointTests
{
    private const long PageSize = 4096;
    private static readonly byte[] Value = new byte[3 * PageSize]; // each commit appends several pages: the value's overflow pages, the leaf, the index leaf

    [Fact]
    public async Task WithoutCheckpointer_WritesStayInTheWalPastTheDefaultInterval_AndAreAllThereAfterReopen()
    {
        await using var temp = await TempStore.OpenAsync(o => o.WalCheckpointInterval = TimeSpan.Zero);

        await WriteAsync(temp.Store, "a", count: 600);

        // SQLite's default would have checkpointed at 1,000 pages and started the WAL file over from its head.
        Assert.True(WalPages(temp) > 2000, $"WAL holds {WalPages(temp)} pages");
        Assert.Equal(0, DatabaseFileRows(temp));
        await temp.ReopenAsync();
        Assert.Equal(600, await temp.Store.CountAsync("/wal/a/"));
        Assert.Equal(Value.Length, (await temp.Store.GetAsync("/wal/a/599"))!.Value.Length);
    }

    [Fact]
    public async Task WithoutCheckpointer_WritesPastTheInterval_AreCheckpointedAndTheWalStopsGrowing()
    {
        await using var temp = await TempStore.OpenAsync(o => o.WalCheckpointInterval = TimeSpan.Zero);

        await WriteAsync(temp.Store, "b", count: 4000); // some 16,000 pages: two intervals

        Assert.InRange(WalPages(temp), 1, 9000);
        Assert.Equal(4000, await temp.Store.CountAsync("/wal/b/"));
    }

    [Fact]
    public async Task BackgroundCheckpoint_CopiesEveryWriteIntoTheDatabaseFile_AfterWritesStop()
    {
        await using var temp = await TempStore.OpenAsync(o => o.WalCheckpointInterval = TimeSpan.FromMilliseconds(20));

        await WriteAsync(temp.Store, "c", count: 600); // ~2,400 pages, far below the writer's own interval
        var passes = temp.Store.Checkpointer!.Passes;

        // The database file alone (no WAL beside it) holds every acknowledged write once the checkpointer passed again.
        await WaitUntilAsync(() => temp.Store.Checkpointer.Passes >= passes + 2 && DatabaseFileRows(temp) == 600);

        // The WAL is all copied, so the next write starts it over: SQLite counts that in the WAL header.
        var checkpointSequence = WalCheckpointSequence(temp);
        await temp.Store.CreateAsync("/wal/c/after", Value);
        Assert.Equal(checkpointSequence + 1, WalCheckpointSequence(temp));

        await temp.ReopenAsync();
        Assert.Equal(601, await temp.Store.CountAsync("/wal/c/"));
    }

    [Fact]
    public async Task BackgroundCheckpoint_UnderALongBurst_StartsTheWalOver()
    {
        const int restartPages = 2000;
        await using var temp = await TempStore.OpenAsync(o =>
        {
            o.WalCheckpointInterval = TimeSpan.FromMilliseconds(10);
            o.WalRestartPages = restartPages;
        });

        await temp.Store.CreateAsync("/wal/d/first", Value);
        var before = WalCheckpointSequence(temp);

        // Written in rounds until the WAL starts over (each start-over counts in the WAL header): how many rounds that
        // takes is timing, not asserted. These writes come several times faster than the server's clients send them
        // (no HTTP, 12 KiB each), and the checkpointer's passes wait on fsync, which other tests running beside this
        // one slow down: a fixed burst of 6,000 writes once ended before the passes caught up (CI, 448 ms). The bound
        // only ends a failing run: ~45 restart lengths.
        const int round = 2000, maxWrites = 30_000;
        var written = 0;
        while (WalCheckpointSequence(temp) == before && written < maxWrites)
        {
            await WriteAsync(temp.Store, "d", count: round, first: written);
            written += round;
        }

        Assert.True(WalCheckpointSequence(temp) > before, $"the WAL never started over in {written} writes ({WalPages(temp)} pages)");
        Assert.Equal(written + 1, await temp.Store.CountAsync("/wal/d/"));
        await temp.ReopenAsync();
        Assert.Equal(written + 1, await temp.Store.CountAsync("/wal/d/"));
        Assert.Equal(Value.Length, (await temp.Store.GetAsync($"/wal/d/{written - 1}"))!.Value.Length);
    }

    [Fact]
    public async Task BackgroundCheckpoint_WithAReaderHoldingASnapshot_KeepsEveryWrite()
    {
        await using var temp = await TempStore.OpenAsync(o =>
        {
            o.WalCheckpointInterval = TimeSpan.FromMilliseconds(10);
            o.WalRestartPages = 500;
        });
        await WriteAsync(temp.Store, "e", count: 200);

        // A reader in an open transaction pins the frames of its snapshot; the WAL cannot start over under it.
        using (var reader = RawSqlite.Open(temp.DatabasePath))
        using (var transaction = reader.BeginTransaction(deferred: true))
        {
            Assert.Equal(200L, RawSqlite.Scalar(reader, "SELECT COUNT(*) FROM kv_log"));
            await WriteAsync(temp.Store, "f", count: 400);
            Assert.Equal(200L, RawSqlite.Scalar(reader, "SELECT COUNT(*) FROM kv_log"));
        }

        await WriteAsync(temp.Store, "g", count: 400);
        await temp.ReopenAsync();
        Assert.Equal(1000, await temp.Store.CountAsync("/wal/"));
    }

    private static async Task WriteAsync(SqliteStorageBackend store, string prefix, int count, int first = 0)
    {
        // Sixteen writers, as under load: commits carry several writes each, as the server's do.
        var next = first - 1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < first + count; i = Interlocked.Increment(ref next))
                await store.CreateAsync($"/wal/{prefix}/{i}", Value);
        })));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    /// <summary>The WAL header's checkpoint sequence number (big-endian at offset 12): one more each time the WAL starts over.</summary>
    private static uint WalCheckpointSequence(TempStore temp)
    {
        using var wal = new FileStream(temp.DatabasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var header = new byte[16];
        wal.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
    }

    private static long WalPages(TempStore temp) => new FileInfo(temp.DatabasePath + "-wal").Length / (PageSize + 24);

    /// <summary>Rows in a copy of the database file taken without its WAL: what checkpoints have copied so far.</summary>
    private static long DatabaseFileRows(TempStore temp)
    {
        var copy = Path.Combine(temp.Directory, $"copy-{Guid.NewGuid():N}.db");
        File.Copy(temp.DatabasePath, copy);
        try
        {
            using var connection = RawSqlite.Open(copy);
            return RawSqlite.Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'kv_log'") == 0
                ? 0
                : RawSqlite.Scalar(connection, "SELECT COUNT(*) FROM kv_log");
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
