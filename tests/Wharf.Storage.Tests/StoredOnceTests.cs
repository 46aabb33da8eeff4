using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

/// <summary>Each object is stored once per revision; an update's previous object is read back from the row before it.</summary>
public sealed class StoredOnceTests
{
    [Fact]
    public async Task Update_StoresOnlyTheNewObject()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/s/a", Bytes("first"));
        await temp.Store.UpdateAsync("/s/a", Bytes("second!"), 1);
        await temp.Store.UpdateAsync("/s/a", Bytes("third"), 2);

        Assert.Equal(0, SchemaOneFile.Scalar(temp.DatabasePath, "SELECT COUNT(*) FROM kv_log WHERE old_value IS NOT NULL"));
        Assert.Equal("first".Length + "second!".Length + "third".Length,
            SchemaOneFile.Scalar(temp.DatabasePath, "SELECT SUM(LENGTH(value)) FROM kv_log"));
    }

    [Theory]
    [InlineData("nothing compacted", 0)]
    [InlineData("first version compacted away", 2)]
    [InlineData("all but the newest update compacted away", 4)]
    public async Task WatchReplay_FromTheCompactRevision_GivesEachUpdateItsPreviousObject(string name, long compactTo)
    {
        _ = name;
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        await s.CreateAsync("/s/a", Bytes("a1"));    // 1
        await s.UpdateAsync("/s/a", Bytes("a2"), 1); // 2
        await s.CreateAsync("/s/b", Bytes("b1"));    // 3
        await s.UpdateAsync("/s/a", Bytes("a3"), 2); // 4
        await s.UpdateAsync("/s/b", Bytes("b2"), 3); // 5
        await s.DeleteAsync("/s/a", 4);              // 6
        await s.CompactAsync(compactTo);

        var replayed = await WatchCollector.TakeAsync(s.WatchAsync("/s/", compactTo), (int)(6 - compactTo));

        var expected = new (long Revision, string Value, string? Previous, long PreviousRevision)[]
        {
            (1, "a1", null, 0), (2, "a2", "a1", 1), (3, "b1", null, 0), (4, "a3", "a2", 2), (5, "b2", "b1", 3), (6, "a3", "a3", 4),
        }.Where(e => e.Revision > compactTo);
        Assert.Equal(expected, replayed.Select(e => (e.Object.ModRevision, Text(e.Object), e.Previous is null ? null : Text(e.Previous), e.Previous?.ModRevision ?? 0)));
    }

    [Fact]
    public async Task WatchReplay_AfterReopen_MatchesTheLiveEvents()
    {
        await using var temp = await TempStore.OpenAsync();
        var live = WatchCollector.TakeAsync(temp.Store.WatchAsync("/s/", 0), 40);
        for (var i = 0; i < 10; i++)
        {
            var created = await temp.Store.CreateAsync($"/s/{i}", Bytes($"{i}-0"));
            var updated = await temp.Store.UpdateAsync($"/s/{i}", Bytes($"{i}-1"), created.ModRevision);
            updated = await temp.Store.UpdateAsync($"/s/{i}", Bytes($"{i}-2"), updated.ModRevision);
            await temp.Store.DeleteAsync($"/s/{i}", updated.ModRevision);
        }

        var published = await live;
        await temp.ReopenAsync();
        var replayed = await WatchCollector.TakeAsync(temp.Store.WatchAsync("/s/", 0), 40);

        Assert.Equal(Describe(published), Describe(replayed));
    }

    internal static IEnumerable<string> Describe(IEnumerable<WatchEvent> events) => events.Select(e =>
        $"{e.Type} {e.Object.Key}@{e.Object.ModRevision}/{e.Object.CreateRevision}={Text(e.Object)}"
        + (e.Previous is null ? "" : $" was {e.Previous.Key}@{e.Previous.ModRevision}/{e.Previous.CreateRevision}={Text(e.Previous)}"));
}
