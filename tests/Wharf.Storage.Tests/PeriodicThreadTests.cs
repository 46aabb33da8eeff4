using Wharf.Storage.Background;

namespace Wharf.Storage.Tests;

public sealed class PeriodicThreadTests
{
    [Fact]
    public async Task FailingPasses_AreRetriedAndTheLoopCarriesOn()
    {
        var calls = 0;
        var failures = new List<(int InARow, TimeSpan Delay)>();
        var fourthCall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using (new PeriodicThread("test-loop", TimeSpan.FromMilliseconds(5), () =>
        {
            var call = Interlocked.Increment(ref calls);
            if (call == 4)
            {
                fourthCall.TrySetResult();
            }

            if (call <= 2)
            {
                throw new IOException("disk full");
            }
        }, (inARow, delay, _) =>
        {
            lock (failures)
                failures.Add((inARow, delay));
        }))
        {
            await fourthCall.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal([(1, TimeSpan.FromMilliseconds(5)), (2, TimeSpan.FromMilliseconds(10))], failures);
    }

    [Fact]
    public async Task Dispose_WaitsForThePassUnderWay_AndStopsTheLoop()
    {
        var calls = 0;
        var inPass = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var passEnded = false;
        var loop = new PeriodicThread("test-loop", TimeSpan.FromMilliseconds(1), () =>
        {
            Interlocked.Increment(ref calls);
            inPass.TrySetResult();
            Thread.Sleep(50);
            Volatile.Write(ref passEnded, true);
        }, (_, _, _) => { });
        await inPass.Task.WaitAsync(TimeSpan.FromSeconds(10));

        loop.Dispose();

        Assert.True(Volatile.Read(ref passEnded));
        var afterDispose = Volatile.Read(ref calls);
        await Task.Delay(30);
        Assert.Equal(afterDispose, Volatile.Read(ref calls));
    }

    [Theory]
    [InlineData("first retry waits an interval", 1, 500, 500)]
    [InlineData("backoff doubles", 3, 500, 2_000)]
    [InlineData("capped at 30 s", 20, 500, 30_000)]
    [InlineData("an interval above the cap is kept", 5, 60_000, 60_000)]
    public void RetryDelay_GrowsFromTheIntervalUpToTheCap(string name, int failures, int intervalMs, int expectedMs)
    {
        _ = name;
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PeriodicThread.RetryDelay(failures, TimeSpan.FromMilliseconds(intervalMs)));
    }
}
