using Wharf.Storage.Sqlite;
using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests.Sqlite;

/// <summary>The lock-free hand-over between request threads and the single writer loop.</summary>
public sealed class WriteQueueTests
{
    [Theory]
    [InlineData("one producer", 1)]
    [InlineData("sixteen producers", 16)]
    public async Task EveryQueuedRequest_ReachesTheReader_InEachProducersOrder(string name, int producers)
    {
        _ = name;
        const int perProducer = 2_000;
        var queue = new WriteQueue();
        var seen = new List<KeyWriteRequest>();
        var reader = Task.Run(async () =>
        {
            while (await queue.WaitToReadAsync())
            {
                while (queue.TryDequeue(out var request))
                {
                    seen.Add((KeyWriteRequest)request);
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                Assert.True(queue.TryEnqueue(Request($"/p{p}/{i:D5}")));
                if (i % 100 == 0) await Task.Yield(); // let the reader go to sleep and be woken again
            }
        })));
        queue.Complete();
        await reader.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(producers * perProducer, seen.Count);
        foreach (var group in seen.GroupBy(r => r.Key.Split('/')[1]))
        {
            var keys = group.Select(r => r.Key).ToList();
            Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        }
    }

    [Fact]
    public async Task AfterComplete_NewRequestsAreRefused_AndQueuedOnesStillDrain()
    {
        var queue = new WriteQueue();
        Assert.True(queue.TryEnqueue(Request("/a")));
        queue.Complete();

        Assert.False(queue.TryEnqueue(Request("/b")));
        Assert.True(await queue.WaitToReadAsync());
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal("/a", ((KeyWriteRequest)first).Key);
        Assert.False(await queue.WaitToReadAsync());
    }

    [Fact]
    public async Task RequestSlippedInAfterClose_FailsInsteadOfWaitingForever()
    {
        var queue = new WriteQueue();
        queue.Complete();
        Assert.False(await queue.WaitToReadAsync());
        var left = Request("/left");
        // What a producer that read "not completed" just before Complete would do: its enqueue lands after the reader ended.
        var late = Request("/late");
        typeof(WriteQueue).GetField("_completed", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.SetValue(queue, false);
        Assert.True(queue.TryEnqueue(left));
        queue.Close();
        Assert.True(queue.TryEnqueue(late));

        await Assert.ThrowsAsync<ObjectDisposedException>(() => left.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => late.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task StoreDisposedWhileWritersRace_EveryWriteEndsCommittedOrRefused()
    {
        var temp = await TempStore.OpenAsync();
        try
        {
            using var start = new ManualResetEventSlim();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                start.Wait();
                var outcomes = (Committed: 0, Refused: 0);
                for (var i = 0; i < 500; i++)
                {
                    try
                    {
                        await temp.Store.CreateAsync($"/race/{w}/{i}", Bytes("v"));
                        outcomes.Committed++;
                    }
                    catch (ObjectDisposedException)
                    {
                        outcomes.Refused++;
                    }
                }
                return outcomes;
            })).ToList();
            start.Set();
            await Task.Delay(20);
            await temp.Store.DisposeAsync();

            var results = await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(8 * 500, results.Sum(r => r.Committed + r.Refused));
            Assert.Contains(results, r => r.Refused > 0);
        }
        finally
        {
            await temp.DisposeAsync();
        }
    }

    private static KeyWriteRequest Request(string key) => new(WriteKind.Create, key, Bytes("v"), 0, CancellationToken.None);
}
