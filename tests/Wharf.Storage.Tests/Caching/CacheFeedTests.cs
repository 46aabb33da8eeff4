using Wharf.Storage.Caching;

namespace Wharf.Storage.Tests.Caching;

public sealed class CacheFeedTests
{
    [Theory]
    [InlineData("first failure waits the initial delay", 1, 100)]
    [InlineData("doubles per consecutive failure", 4, 800)]
    [InlineData("capped at the maximum", 10, 5000)]
    [InlineData("no overflow after very many failures", 1000, 5000)]
    public void RetryDelay_BacksOffExponentiallyUpToTheMaximum(string name, int failures, int expectedMilliseconds)
    {
        _ = name;
        var delay = CacheFeed.RetryDelay(failures, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }
}
