using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

public sealed class ListTests
{
    [Fact]
    public async Task ListAsync_AtCurrentRevision_ReturnsLiveKeysInKeyOrder()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        await s.CreateAsync("/r/c", Bytes("c"));
        await s.CreateAsync("/r/a", Bytes("a"));
        await s.CreateAsync("/r/b", Bytes("b"));
        await s.DeleteAsync("/r/b", 0);

        var list = await s.ListAsync("/r/");

        Assert.Equal(["/r/a", "/r/c"], list.Items.Select(i => i.Key));
        Assert.Equal(s.CurrentRevision, list.Revision);
        Assert.False(list.HasMore);
    }

    [Fact]
    public async Task ListAsync_AtAnOlderRevision_ShowsTheStateThen()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        await s.CreateAsync("/r/a", Bytes("a1"));          // 1
        await s.CreateAsync("/r/b", Bytes("b1"));          // 2
        await s.UpdateAsync("/r/a", Bytes("a2"), 0);       // 3
        await s.DeleteAsync("/r/b", 0);                    // 4
        await s.CreateAsync("/r/c", Bytes("c1"));          // 5

        var at2 = await s.ListAsync("/r/", revision: 2);
        var at4 = await s.ListAsync("/r/", revision: 4);

        Assert.Equal([("/r/a", "a1", 1L), ("/r/b", "b1", 2L)], at2.Items.Select(i => (i.Key, Text(i), i.ModRevision)));
        Assert.Equal([("/r/a", "a2", 3L)], at4.Items.Select(i => (i.Key, Text(i), i.ModRevision)));
        Assert.Equal(2, at2.Revision);
    }

    [Fact]
    public async Task ListAsync_Paging_StaysAtTheFirstPagesRevisionAcrossWrites()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await s.CreateAsync($"/r/{name}", Bytes(name));
        }

        var first = await s.ListAsync("/r/", limit: 2);
        // Writes between pages: a key sorting into the next page, a change and a delete in it.
        await s.CreateAsync("/r/bb", Bytes("new"));
        await s.UpdateAsync("/r/c", Bytes("changed"), 0);
        await s.DeleteAsync("/r/d", 0);
        var second = await s.ListAsync("/r/", first.Revision, first.Items[^1].Key, 2);
        var third = await s.ListAsync("/r/", second.Revision, second.Items[^1].Key, 2);

        Assert.Equal(["/r/a", "/r/b"], first.Items.Select(i => i.Key));
        Assert.True(first.HasMore);
        Assert.Equal(["/r/c", "/r/d"], second.Items.Select(i => i.Key));
        Assert.Equal("c", Text(second.Items[0]));
        Assert.True(second.HasMore);
        Assert.Equal(["/r/e"], third.Items.Select(i => i.Key));
        Assert.False(third.HasMore);
        Assert.Equal(first.Revision, third.Revision);
    }

    [Fact]
    public async Task ListAsync_LimitEqualToTheRemainder_HasNoMore()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/r/a", Bytes("a"));
        await temp.Store.CreateAsync("/r/b", Bytes("b"));

        var list = await temp.Store.ListAsync("/r/", limit: 2);

        Assert.Equal(2, list.Items.Count);
        Assert.False(list.HasMore);
    }

    [Fact]
    public async Task ListAsync_FutureRevision_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/r/a", Bytes("a"));

        var error = await Assert.ThrowsAsync<FutureRevisionException>(() => temp.Store.ListAsync("/r/", revision: 5));

        Assert.Equal((5L, 1L), (error.Requested, error.Current));
    }

    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsNothingAtRevisionZero()
    {
        await using var temp = await TempStore.OpenAsync();

        var list = await temp.Store.ListAsync("/r/");

        Assert.Empty(list.Items);
        Assert.Equal(0, list.Revision);
    }

    [Theory]
    [InlineData("key below the prefix lists from the start", "/q", new[] { "/r/a", "/r/b" })]
    [InlineData("key beyond the prefix lists nothing", "/s", new string[0])]
    [InlineData("key between live keys", "/r/a", new[] { "/r/b" })]
    [InlineData("deleted key still works as a cursor", "/r/ab", new[] { "/r/b" })]
    public async Task ListAsync_StartAfterKey_ResumesAfterIt(string name, string startAfterKey, string[] expected)
    {
        _ = name;
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/r/a", Bytes("a"));
        await temp.Store.CreateAsync("/r/ab", Bytes("ab"));
        await temp.Store.DeleteAsync("/r/ab", 0);
        await temp.Store.CreateAsync("/r/b", Bytes("b"));
        await temp.Store.CreateAsync("/s/a", Bytes("s"));

        var list = await temp.Store.ListAsync("/r/", startAfterKey: startAfterKey);

        Assert.Equal(expected, list.Items.Select(i => i.Key));
    }
}
