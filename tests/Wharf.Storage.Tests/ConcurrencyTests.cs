using System.Diagnostics;
using Xunit.Abstractions;
using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("update", false)]
    [InlineData("delete", true)]
    public async Task RacingWritersOnOneKey_ExactlyOneWinsPerExpectedRevision(string name, bool delete)
    {
        _ = name;
        await using var temp = await TempStore.OpenAsync();
        var current = await temp.Store.CreateAsync("/x/hot", Bytes("0"));

        for (var round = 0; round < 10; round++)
        {
            var expected = current.ModRevision;
            using var start = new ManualResetEventSlim();
            var racers = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    return delete
                        ? await temp.Store.DeleteAsync("/x/hot", expected)
                        : await temp.Store.UpdateAsync("/x/hot", Bytes($"{round}/{i}"), expected);
                }
                catch (RevisionConflictException)
                {
                    return null;
                }
                catch (KeyNotFoundInStoreException) when (delete)
                {
                    return null;
                }
            })).ToList();
            start.Set();
            var results = await Task.WhenAll(racers);

            var winner = Assert.Single(results, r => r is not null)!;
            Assert.Equal(expected + 1, winner.ModRevision);
            current = delete ? await temp.Store.CreateAsync("/x/hot", Bytes("again")) : winner;
        }
    }

    [Fact]
    public async Task SixteenConcurrentWriters_GetUniqueConsecutiveRevisions()
    {
        await using var temp = await TempStore.OpenAsync();
        const int writers = 16, perWriter = 500;
        var clock = Stopwatch.StartNew();

        var revisions = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = new List<long>(perWriter);
            for (var i = 0; i < perWriter; i++)
            {
                mine.Add((await temp.Store.CreateAsync($"/x/{w:D2}/{i:D4}", Bytes("{\"kind\":\"Pod\"}"))).ModRevision);
            }

            return mine;
        })));

        clock.Stop();
        output.WriteLine($"{writers * perWriter} creates by {writers} writers in {clock.ElapsedMilliseconds} ms ({writers * perWriter / clock.Elapsed.TotalSeconds:F0}/s)");
        Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(r => (long)r), revisions.SelectMany(r => r).Order());
        Assert.All(revisions, mine => Assert.Equal(mine.Order(), mine));
    }
}
