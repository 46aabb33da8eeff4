using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

public sealed class CrudTests
{
    [Fact]
    public async Task CreateAsync_NewKey_IsReadableWithItsRevision()
    {
        await using var temp = await TempStore.OpenAsync();
        var created = await temp.Store.CreateAsync("/registry/pods/default/a", Bytes("v1"));

        var read = await temp.Store.GetAsync("/registry/pods/default/a");

        Assert.NotNull(read);
        Assert.Equal("v1", Text(read));
        Assert.Equal(1, created.ModRevision);
        Assert.Equal(1, created.CreateRevision);
        Assert.Equal(created.ModRevision, read.ModRevision);
        Assert.Equal(1, temp.Store.CurrentRevision);
    }

    [Fact]
    public async Task Writes_EachTakeTheNextRevision()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;

        var a1 = await s.CreateAsync("/k/a", Bytes("a1"));
        var a2 = await s.UpdateAsync("/k/a", Bytes("a2"), a1.ModRevision);
        var b1 = await s.CreateAsync("/k/b", Bytes("b1"));
        var aDeleted = await s.DeleteAsync("/k/a", a2.ModRevision);

        Assert.Equal([1L, 2, 3, 4], [a1.ModRevision, a2.ModRevision, b1.ModRevision, aDeleted.ModRevision]);
        Assert.Equal(4, s.CurrentRevision);
        Assert.Equal(1, a2.CreateRevision);
        Assert.Null(await s.GetAsync("/k/a"));
        Assert.Equal(3, (await s.GetAsync("/k/b"))!.ModRevision);
    }

    [Fact]
    public async Task DeleteAsync_ReturnsLastValueAtTheDeleteRevision()
    {
        await using var temp = await TempStore.OpenAsync();
        var created = await temp.Store.CreateAsync("/k/a", Bytes("last"));

        var deleted = await temp.Store.DeleteAsync("/k/a", 0);

        Assert.Equal("last", Text(deleted));
        Assert.Equal(2, deleted.ModRevision);
        Assert.Equal(created.CreateRevision, deleted.CreateRevision);
    }

    [Fact]
    public async Task CreateAsync_AfterDelete_StartsANewLife()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/k/a", Bytes("one"));
        await temp.Store.DeleteAsync("/k/a", 0);

        var again = await temp.Store.CreateAsync("/k/a", Bytes("two"));

        Assert.Equal(3, again.ModRevision);
        Assert.Equal(3, again.CreateRevision);
        Assert.Equal("two", Text((await temp.Store.GetAsync("/k/a"))!));
    }

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        await using var temp = await TempStore.OpenAsync();
        Assert.Null(await temp.Store.GetAsync("/k/missing"));
    }

    [Fact]
    public async Task EmptyValue_RoundTrips()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/k/empty", ReadOnlyMemory<byte>.Empty);

        var read = await temp.Store.GetAsync("/k/empty");

        Assert.NotNull(read);
        Assert.Equal(0, read.Value.Length);
    }

    [Fact]
    public async Task CountAsync_CountsOnlyLiveKeysUnderThePrefix()
    {
        await using var temp = await TempStore.OpenAsync();
        var s = temp.Store;
        await s.CreateAsync("/registry/pods/a", Bytes("x"));
        await s.CreateAsync("/registry/pods/b", Bytes("x"));
        await s.UpdateAsync("/registry/pods/b", Bytes("y"), 0);
        await s.CreateAsync("/registry/pods/c", Bytes("x"));
        await s.DeleteAsync("/registry/pods/c", 0);
        await s.CreateAsync("/registry/services/a", Bytes("x"));

        Assert.Equal(2, await s.CountAsync("/registry/pods/"));
        Assert.Equal(3, await s.CountAsync("/registry/"));
    }

    [Fact]
    public async Task Writes_AfterDispose_Throw()
    {
        var temp = await TempStore.OpenAsync();
        await temp.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => temp.Store.CreateAsync("/k/a", Bytes("x")));
    }
}
