using Wharf.Client.Queue;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Queue;

public class RateLimiterTests
{
    [Theory]
    [InlineData("first failure waits the base delay", 1, 5)]
    [InlineData("second failure doubles it", 2, 10)]
    [InlineData("fifth failure", 5, 80)]
    [InlineData("eighteenth failure reaches the cap", 19, 1_000_000)]
    [InlineData("far past the cap without overflow", 200, 1_000_000)]
    public void ItemExponential_DelayGrowsPerFailure(string name, int failures, double expectedMs)
    {
        _ = name;
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        var delay = TimeSpan.Zero;
        for (var i = 0; i < failures; i++) delay = limiter.When("a");
        Assert.Equal(expectedMs, delay.TotalMilliseconds, 3);
        Assert.Equal(failures, limiter.NumRequeues("a"));
    }

    [Fact]
    public void ItemExponential_ForgetResetsOnlyThatItem()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");
        limiter.When("b");
        limiter.Forget("a");
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("b"));
    }

    [Fact]
    public void Bucket_AllowsBurstThenSpacesByQps()
    {
        var time = new ManualTimeProvider();
        var limiter = new BucketRateLimiter<string>(10, 100, time);
        for (var i = 0; i < 100; i++) Assert.Equal(TimeSpan.Zero, limiter.When("x" + i));
        Assert.Equal(100, limiter.When("over").TotalMilliseconds, 3);
        Assert.Equal(200, limiter.When("over2").TotalMilliseconds, 3);
        time.Advance(TimeSpan.FromSeconds(1));
        // Ten tokens came back, two were already owed: the next reservation is free again.
        Assert.Equal(TimeSpan.Zero, limiter.When("later"));
    }

    [Fact]
    public void Default_IsMaxOfItemBackoffAndBucket()
    {
        var time = new ManualTimeProvider();
        var limiter = RateLimiters.Default<string>(time);
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("a"));
        for (var i = 0; i < 98; i++) limiter.When("burst" + i);
        // The bucket is empty now, so its 100 ms beats the item's fresh 5 ms.
        Assert.Equal(100, limiter.When("b").TotalMilliseconds, 3);
        Assert.Equal(2, limiter.NumRequeues("a"));
        limiter.Forget("a");
        Assert.Equal(0, limiter.NumRequeues("a"));
    }
}
