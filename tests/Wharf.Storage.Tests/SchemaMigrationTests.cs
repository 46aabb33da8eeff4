using static Wharf.Storage.Tests.TempStore;
using Row = Wharf.Storage.Tests.SchemaOneFile.Row;

namespace Wharf.Storage.Tests;

/// <summary>A data directory written by a schema 1 store (old_value on every update row) keeps working.</summary>
public sealed class SchemaMigrationTests
{
    /// <summary>What a schema 1 store wrote for: create a, update a, create b, delete b, update a.</summary>
    private static readonly Row[] SchemaOneRows =
    [
        new(1, "/m/a", true, false, 1, 0, "a1", null),
        new(2, "/m/a", false, false, 1, 1, "a2", "a1"),
        new(3, "/m/b", true, false, 3, 0, "b1", null),
        new(4, "/m/b", false, true, 3, 3, "b1", null),
        new(5, "/m/a", false, false, 1, 2, "a3", "a2"),
    ];

    [Fact]
    public async Task Open_SchemaOneFile_KeepsDataRevisionAndHistory()
    {
        await using var temp = await TempStore.OpenAsync(seed: path => SchemaOneFile.Write(path, SchemaOneRows));
        var s = temp.Store;

        Assert.Equal(5, s.CurrentRevision);
        Assert.Equal("a3", Text((await s.GetAsync("/m/a"))!));
        Assert.Null(await s.GetAsync("/m/b"));
        Assert.Equal([("/m/a", "a2"), ("/m/b", "b1")], (await s.ListAsync("/m/", 3)).Items.Select(i => (i.Key, Text(i))));
        Assert.Equal(2, SchemaOneFile.Scalar(temp.DatabasePath, "SELECT value FROM kv_meta WHERE key = 'schema_version'"));
        Assert.Equal(0, SchemaOneFile.Scalar(temp.DatabasePath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'kv_log_name_prev_revision'"));
    }

    [Fact]
    public async Task Open_SchemaOneFile_ThenWrites_ReplaysOldAndNewRowsWithTheirPreviousObjects()
    {
        await using var temp = await TempStore.OpenAsync(seed: path => SchemaOneFile.Write(path, SchemaOneRows));
        var s = temp.Store;
        await s.UpdateAsync("/m/a", Bytes("a4"), 5);  // 6: its previous is a schema 1 row
        await s.UpdateAsync("/m/a", Bytes("a5"), 6);  // 7: its previous is a schema 2 row
        await s.CreateAsync("/m/b", Bytes("b2"));     // 8: after the schema 1 tombstone

        await temp.ReopenAsync();
        var replayed = await WatchCollector.TakeAsync(temp.Store.WatchAsync("/m/", 0), 8);

        Assert.Equal(
        [
            "Created /m/a@1/1=a1",
            "Updated /m/a@2/1=a2 was /m/a@1/1=a1",
            "Created /m/b@3/3=b1",
            "Deleted /m/b@4/3=b1 was /m/b@3/3=b1",
            "Updated /m/a@5/1=a3 was /m/a@2/1=a2",
            "Updated /m/a@6/1=a4 was /m/a@5/1=a3",
            "Updated /m/a@7/1=a5 was /m/a@6/1=a4",
            "Created /m/b@8/8=b2",
        ], StoredOnceTests.Describe(replayed));
    }

    [Fact]
    public async Task Open_SchemaOneFile_CompactsAndReplaysAboveTheCompactRevision()
    {
        await using var temp = await TempStore.OpenAsync(seed: path => SchemaOneFile.Write(path, SchemaOneRows));
        var s = temp.Store;
        await s.UpdateAsync("/m/a", Bytes("a4"), 5);  // 6

        await s.CompactAsync(5);

        Assert.Equal([5L, 6], CompactionTests.LogRevisions(temp.DatabasePath));
        var replayed = await WatchCollector.TakeAsync(s.WatchAsync("/m/", 5), 1);
        Assert.Equal(["Updated /m/a@6/1=a4 was /m/a@5/1=a3"], StoredOnceTests.Describe(replayed));
    }

    [Theory]
    [InlineData("a newer schema", 3)]
    [InlineData("an unknown older schema", 0)]
    public async Task Open_UnsupportedSchemaVersion_IsRefused(string name, long version)
    {
        _ = name;
        var directory = Path.Combine(Path.GetTempPath(), "wharf-storage-tests", Guid.NewGuid().ToString("N"));
        var options = new SqliteStorageOptions { DataDirectory = directory, CompactInterval = TimeSpan.Zero };
        try
        {
            SchemaOneFile.Write(options.ResolveDatabasePath(), SchemaOneRows);
            SchemaOneFile.Execute(options.ResolveDatabasePath(), $"UPDATE kv_meta SET value = {version} WHERE key = 'schema_version'");

            var error = await Assert.ThrowsAsync<StorageException>(() => SqliteStorageBackend.OpenAsync(options));

            Assert.Contains($"schema version {version} is not supported", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
