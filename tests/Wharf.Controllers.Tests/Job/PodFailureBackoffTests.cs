using Wharf.Controllers.Job;

namespace Wharf.Controllers.Tests.Job;

public sealed class PodFailureBackoffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("none", 0, 0)]
    [InlineData("first failure", 1, 10)]
    [InlineData("second doubles", 2, 20)]
    [InlineData("fifth", 5, 160)]
    [InlineData("capped at ten minutes", 12, 600)]
    public void Delay_DoublesFromTheBase_UpToTheCap(string name, int failures, int seconds)
    {
        _ = name;
        var backoff = new PodFailureBackoff(PodFailureBackoff.DefaultBase, PodFailureBackoff.DefaultMax);
        Assert.Equal(TimeSpan.FromSeconds(seconds), backoff.Delay(failures));
    }

    [Fact]
    public void Remaining_CountsFromTheLastFailure_AndASuccessResetsIt()
    {
        var backoff = new PodFailureBackoff(PodFailureBackoff.DefaultBase, PodFailureBackoff.DefaultMax);
        backoff.Record("ns/job", newFailures: 2, newSuccesses: 0, T0);
        Assert.Equal(TimeSpan.FromSeconds(15), backoff.Remaining("ns/job", T0.AddSeconds(5)));
        Assert.Equal(TimeSpan.Zero, backoff.Remaining("ns/job", T0.AddSeconds(25)));

        backoff.Record("ns/job", newFailures: 0, newSuccesses: 1, T0.AddSeconds(30));
        Assert.Equal(TimeSpan.Zero, backoff.Remaining("ns/job", T0.AddSeconds(30)));
        Assert.Equal(TimeSpan.Zero, backoff.Remaining("other/job", T0));
    }
}
