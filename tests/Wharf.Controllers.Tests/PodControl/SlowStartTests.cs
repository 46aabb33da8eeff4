using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.PodControl;

public sealed class SlowStartTests
{
    [Theory]
    [InlineData("all succeed", 10, -1, 10, 10)]
    [InlineData("first call fails", 10, 0, 0, 1)]
    [InlineData("failure in the batch of four", 10, 4, 6, 7)]
    public async Task BatchesDoubleAndStopAfterAFailingBatch(string name, int count, int failAt, int expectedSuccesses, int expectedCalls)
    {
        _ = name;
        var calls = 0;
        var (successes, error) = await SlowStart.RunAsync(count, 1, i =>
        {
            Interlocked.Increment(ref calls);
            return i == failAt ? Task.FromException(new InvalidOperationException("boom")) : Task.CompletedTask;
        });
        Assert.Equal(expectedSuccesses, successes);
        Assert.Equal(expectedCalls, calls);
        Assert.Equal(failAt >= 0, error is not null);
    }
}
