using Microsoft.Data.Sqlite;
using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

public sealed class CompactionTests
{
    [Fact]
    public async Task CompactAsync_DropsSupersededRowsAndTombstones_KeepsLiveValues()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        await s.CreateAsync("/c/a", Bytes("a1"));      // 1 superseded by 2
        await s.UpdateAsync("/c/a", Bytes("a2"), 0);   // 2 superseded by 3
        await s.UpdateAsync("/c/a", Bytes("a3"), 0);   // 3 live
        await s.CreateAsync("/c/b", Bytes("b1"));      // 4 superseded by 5
        await s.DeleteAsync("/c/b", 0);                // 5 tombstone
        await s.CreateAsync("/c/d", Bytes("d1"));      // 6 superseded by 7, which is after the compact revision
        await s.UpdateAsync("/c/d", Bytes("d2"), 0);   // 7

        await s.CompactAsync(6);

        Assert.Equal(6, s.CompactRevision);
        Assert.Equal([3L, 6, 7], LogRevisions(temp.DatabasePath));
        Assert.Equal([("/c/a", "a3"), ("/c/d", "d1")], (await s.ListAsync("/c/", 6)).Items.Select(i => (i.Key, Text(i))));
        Assert.Equal("a3", Text((await s.GetAsync("/c/a"))!));
        Assert.Null(await s.GetAsync("/c/b"));
    }

    [Theory]
    [InlineData("list below the compact revision", true)]
    [InlineData("watch from below the compact revision", false)]
    public async Task ReadsBelowTheCompactRevision_Throw(string name, bool list)
    {
        _ = name;
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/c/a", Bytes("0"));
        for (var i = 1; i < 6; i++)
        {
            await temp.Store.UpdateAsync("/c/a", Bytes($"{i}"), 0);
        }

        await temp.Store.CompactAsync(4);

        Func<Task> read = list
            ? () => temp.Store.ListAsync("/c/", 3)
            : async () => { await foreach (var _ in temp.Store.WatchAsync("/c/", 3)) { } };
        var error = await Assert.ThrowsAsync<RevisionCompactedException>(read);
        Assert.Equal((3L, 4L), (error.Requested, error.Compacted));
    }

    [Fact]
    public async Task CompactAsync_ManyRevisions_CompactsInStepsToTheTarget()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        await s.CreateAsync("/c/hot", Bytes("0"));
        await Task.WhenAll(Enumerable.Range(0, 2500).Select(i => s.UpdateAsync("/c/hot", Bytes($"{i}"), 0)));
        await s.CreateAsync("/c/cold", Bytes("x"));

        await s.CompactAsync(s.CurrentRevision);

        Assert.Equal(2502, s.CompactRevision);
        Assert.Equal(2, LogRevisions(temp.DatabasePath).Count);
        Assert.Equal(2, (await s.ListAsync("/c/")).Items.Count);
    }

    [Theory]
    [InlineData("same revision again", 3, 3)]
    [InlineData("older revision", 3, 1)]
    public async Task CompactAsync_NotAboveTheCompactRevision_IsANoOp(string name, long first, long second)
    {
        _ = name;
        await using var temp = await TempStore.OpenAsync();
        for (var i = 0; i < 4; i++)
        {
            await temp.Store.CreateAsync($"/c/{i}", Bytes("x"));
        }

        await temp.Store.CompactAsync(first);
        await temp.Store.CompactAsync(second);

        Assert.Equal(first, temp.Store.CompactRevision);
    }

    [Fact]
    public async Task CompactAsync_FutureRevision_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/c/a", Bytes("x"));

        await Assert.ThrowsAsync<FutureRevisionException>(() => temp.Store.CompactAsync(2));
    }

    [Fact]
    public async Task BackgroundCompactor_KeepsTheNewestRevisions()
    {
        await using var temp = await TempStore.OpenAsync(o =>
        {
            o.CompactInterval = TimeSpan.FromMilliseconds(20);
            o.CompactKeepRevisions = 5;
        });
        await temp.Store.CreateAsync("/c/a", Bytes("0"));
        for (var i = 0; i < 29; i++)
        {
            await temp.Store.UpdateAsync("/c/a", Bytes($"{i}"), 0);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (temp.Store.CompactRevision < 25 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(25, temp.Store.CompactRevision);
        Assert.Equal(5, (await WatchCollector.TakeAsync(temp.Store.WatchAsync("/c/", 25), 5)).Count);
    }

    /// <summary>The revisions physically left in the log table.</summary>
    internal static List<long> LogRevisions(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM kv_log ORDER BY id";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
