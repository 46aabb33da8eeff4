using Wharf.Controllers.Manager;

namespace Wharf.Controllers.Tests.Manager;

public sealed class ControllerManagerArgsTests
{
    [Theory]
    [InlineData("seconds", "40s", 40_000)]
    [InlineData("minutes and seconds", "1m30s", 90_000)]
    [InlineData("milliseconds", "500ms", 500)]
    [InlineData("fraction of an hour", "0.5h", 1_800_000)]
    public void Duration_ReadsGoSyntax(string name, string value, double milliseconds)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(milliseconds, ControllerManagerArgs.Duration("x", value).TotalMilliseconds);
    }

    [Fact]
    public void Apply_SetsNodeLifecycleTimesGcThresholdAndControllers()
    {
        var options = ControllerManagerArgs.Apply(new ControllerManagerOptions(),
            ["node-monitor-grace-period=10s", "--node-monitor-period=1s", "terminated-pod-gc-threshold=50", "controllers=*,-job-controller"]);

        Assert.Equal(TimeSpan.FromSeconds(10), options.NodeLifecycle.GracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(1), options.NodeLifecycle.MonitorPeriod);
        Assert.Equal(TimeSpan.FromSeconds(60), options.NodeLifecycle.StartupGracePeriod);
        Assert.Equal(50, options.TerminatedPodGcThreshold);
        Assert.Equal(["*", "-job-controller"], options.Controllers);
    }

    [Fact]
    public void Apply_SetsTheZoneEvictionRates()
    {
        var options = ControllerManagerArgs.Apply(new ControllerManagerOptions(),
            ["node-eviction-rate=0.5", "secondary-node-eviction-rate=0.05", "unhealthy-zone-threshold=0.7", "large-cluster-size-threshold=20"]);

        Assert.Equal((0.5, 0.05, 0.7, 20), (options.NodeLifecycle.EvictionRate, options.NodeLifecycle.SecondaryEvictionRate,
            options.NodeLifecycle.UnhealthyZoneThreshold, options.NodeLifecycle.LargeClusterSizeThreshold));
    }

    [Theory]
    [InlineData("unknown flag", "leader-elect-lease-duration=15s", "unknown flag")]
    [InlineData("no value", "node-monitor-period", "expected NAME=VALUE")]
    [InlineData("bad duration", "node-monitor-period=ten", "not a duration")]
    [InlineData("bad integer", "terminated-pod-gc-threshold=many", "not an integer")]
    [InlineData("negative rate", "node-eviction-rate=-1", "not a non-negative number")]
    public void Apply_RefusesWhatItCannotHonour(string name, string arg, string message)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => ControllerManagerArgs.Apply(new ControllerManagerOptions(), [arg])).Message);
    }
}
