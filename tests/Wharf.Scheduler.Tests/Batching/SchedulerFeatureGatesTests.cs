using Wharf.Scheduler.Config;

namespace Wharf.Scheduler.Tests.Batching;

public class SchedulerFeatureGatesTests
{
    [Theory]
    [InlineData("not given: upstream's default", null, true)]
    [InlineData("turned off", "OpportunisticBatching=false", false)]
    [InlineData("turned on, spaces and case of the value", " OpportunisticBatching = True ", true)]
    public void OpportunisticBatching_FollowsTheGate(string because, string? spec, bool expected)
    {
        Assert.True(expected == SchedulerFeatureGates.Parse(spec).OpportunisticBatching, because);
    }

    [Theory]
    [InlineData("unknown gate", "NoSuchGate=true", "unrecognized feature gate: NoSuchGate")]
    [InlineData("no value", "OpportunisticBatching", "missing bool value for OpportunisticBatching")]
    [InlineData("not a bool", "OpportunisticBatching=maybe", "missing bool value for OpportunisticBatching")]
    public void MalformedGates_AreRejected(string because, string spec, string error)
    {
        var e = Assert.Throws<InvalidSchedulerConfigException>(() => SchedulerFeatureGates.Parse(spec));
        Assert.True(e.Errors.Contains(error), because + ": " + string.Join("; ", e.Errors));
    }
}
