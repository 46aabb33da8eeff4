using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

public sealed class ConflictTests
{
    public enum Refusal { Exists, NotFound, Conflict }

    /// <summary>Each case starts from /k/live at revision 1 and /k/gone deleted at revision 3 (created at 2).</summary>
    public static TheoryData<string, Func<IStorageBackend, Task>, Refusal> RefusedWrites => new()
    {
        { "create a live key", s => s.CreateAsync("/k/live", Bytes("x")), Refusal.Exists },
        { "update a missing key", s => s.UpdateAsync("/k/missing", Bytes("x"), 0), Refusal.NotFound },
        { "update a deleted key", s => s.UpdateAsync("/k/gone", Bytes("x"), 0), Refusal.NotFound },
        { "delete a missing key", s => s.DeleteAsync("/k/missing", 0), Refusal.NotFound },
        { "delete a deleted key", s => s.DeleteAsync("/k/gone", 3), Refusal.NotFound },
        { "update at a stale revision", s => s.UpdateAsync("/k/live", Bytes("x"), 7), Refusal.Conflict },
        { "delete at a stale revision", s => s.DeleteAsync("/k/live", 2), Refusal.Conflict },
    };

    [Theory]
    [MemberData(nameof(RefusedWrites))]
    public async Task RefusedWrite_ThrowsAndTakesNoRevision(string name, Func<IStorageBackend, Task> write, Refusal expected)
    {
        _ = name;
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/k/live", Bytes("live"));
        await temp.Store.CreateAsync("/k/gone", Bytes("gone"));
        await temp.Store.DeleteAsync("/k/gone", 0);

        var thrown = await Assert.ThrowsAnyAsync<StorageException>(() => write(temp.Store));

        var actual = thrown switch
        {
            KeyExistsException => Refusal.Exists,
            KeyNotFoundInStoreException => Refusal.NotFound,
            RevisionConflictException => Refusal.Conflict,
            _ => throw new Xunit.Sdk.XunitException($"unexpected {thrown.GetType().Name}"),
        };
        Assert.Equal(expected, actual);
        Assert.Equal(3, temp.Store.CurrentRevision);
        Assert.Equal(4, (await temp.Store.CreateAsync("/k/next", Bytes("x"))).ModRevision);
    }

    [Fact]
    public async Task RevisionConflict_ReportsExpectedAndActual()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/k/a", Bytes("1"));
        await temp.Store.UpdateAsync("/k/a", Bytes("2"), 1);

        var conflict = await Assert.ThrowsAsync<RevisionConflictException>(() => temp.Store.UpdateAsync("/k/a", Bytes("3"), 1));

        Assert.Equal(("/k/a", 1L, 2L), (conflict.Key, conflict.Expected, conflict.Actual));
    }

    [Theory]
    [InlineData("update", false)]
    [InlineData("delete", true)]
    public async Task UnconditionalWrite_IgnoresTheCurrentRevision(string name, bool delete)
    {
        _ = name;
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/k/a", Bytes("1"));
        await temp.Store.UpdateAsync("/k/a", Bytes("2"), 0);

        var written = delete ? await temp.Store.DeleteAsync("/k/a", 0) : await temp.Store.UpdateAsync("/k/a", Bytes("3"), 0);

        Assert.Equal(3, written.ModRevision);
    }

    [Fact]
    public async Task RefusedWrite_InAConcurrentBatch_DoesNotFailItsNeighbours()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.CreateAsync("/k/taken", Bytes("x"));

        // Distinct creates interleaved with creates of a taken key, all queued at once so they share batches.
        var writes = Enumerable.Range(0, 200)
            .Select(i => i % 5 == 0
                ? temp.Store.CreateAsync("/k/taken", Bytes("dup"))
                : temp.Store.CreateAsync($"/k/free/{i:D3}", Bytes("ok")))
            .ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return (Revision: (await w).ModRevision, Error: (Exception?)null);
            }
            catch (Exception e)
            {
                return (Revision: 0L, Error: e);
            }
        }));

        Assert.All(outcomes.Where((_, i) => i % 5 == 0), o => Assert.IsType<KeyExistsException>(o.Error));
        var revisions = outcomes.Where((_, i) => i % 5 != 0).Select(o => o.Revision).Order().ToList();
        Assert.Equal(Enumerable.Range(2, 160).Select(r => (long)r), revisions);
    }
}
