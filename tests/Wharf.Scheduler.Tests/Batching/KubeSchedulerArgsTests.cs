using Wharf.Scheduler.Config;

namespace Wharf.Scheduler.Tests.Batching;

public class KubeSchedulerArgsTests
{
    [Theory]
    [InlineData("no arguments: upstream's default", new string[0], true)]
    [InlineData("the gate turned off", new[] { "feature-gates=OpportunisticBatching=false" }, false)]
    [InlineData("with the flag's dashes", new[] { "--feature-gates=OpportunisticBatching=false" }, false)]
    [InlineData("the last of repeated flags wins", new[] { "feature-gates=OpportunisticBatching=false", "feature-gates=OpportunisticBatching=true" }, true)]
    public void FeatureGates_SetOpportunisticBatching(string because, string[] args, bool expected)
    {
        Assert.True(expected == KubeSchedulerArgs.Apply(args).OpportunisticBatching, because);
    }

    [Theory]
    [InlineData("not NAME=VALUE", "feature-gates", "--kube-scheduler-arg feature-gates: expected NAME=VALUE")]
    [InlineData("a flag Wharf does not implement", "v=4", "--kube-scheduler-arg v=4: unknown flag; Wharf knows feature-gates")]
    [InlineData("an unknown gate", "feature-gates=NoSuchGate=true", "unrecognized feature gate: NoSuchGate")]
    public void BadArguments_AreRejected(string because, string arg, string error)
    {
        var e = Assert.Throws<InvalidSchedulerConfigException>(() => KubeSchedulerArgs.Apply([arg]));
        Assert.True(e.Errors.Contains(error), because + ": " + string.Join("; ", e.Errors));
    }
}
