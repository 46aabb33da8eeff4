using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Storage.Compaction;

namespace Wharf.Storage.Tests;

public sealed class BackgroundCompactorTests
{
    [Fact]
    public async Task FailingPass_IsRetriedAndCompactionCarriesOn()
    {
        var calls = 0;
        var thirdCall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (new BackgroundCompactor(_ =>
        {
            var call = Interlocked.Increment(ref calls);
            if (call == 3)
            {
                thirdCall.TrySetResult();
            }

            return call <= 2 ? Task.FromException(new IOException("disk full")) : Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(10), TimeProvider.System, NullLogger.Instance))
        {
            await thirdCall.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }

        Assert.True(calls >= 3);
    }

    [Theory]
    [InlineData("first retry waits a second", 1, 300_000, 1_000)]
    [InlineData("backoff doubles", 3, 300_000, 4_000)]
    [InlineData("backoff is capped by the interval", 20, 300_000, 300_000)]
    [InlineData("short interval retries at the interval", 1, 50, 50)]
    public void RetryDelay_GrowsExponentiallyUpToTheInterval(string name, int failures, int intervalMs, int expectedMs)
    {
        _ = name;
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), BackgroundCompactor.RetryDelay(failures, TimeSpan.FromMilliseconds(intervalMs)));
    }
}
