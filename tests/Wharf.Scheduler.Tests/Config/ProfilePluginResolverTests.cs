using Wharf.Scheduler.Config;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Scheduling;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Config;

public class ProfilePluginResolverTests
{
    private static SchedulingFramework Default() => new SchedulingLoop(new FakeCluster()).Profiles["default-scheduler"];

    [Fact]
    public void DefaultProfile_FilterOrderAsUpstream()
    {
        Assert.Equal(
            [PluginNames.NodeUnschedulable, PluginNames.NodeName, PluginNames.TaintToleration, PluginNames.NodeAffinity, PluginNames.NodePorts,
             PluginNames.NodeResourcesFit, PluginNames.VolumeRestrictions, PluginNames.NodeVolumeLimits, PluginNames.VolumeBinding, PluginNames.VolumeZone,
             PluginNames.PodTopologySpread, PluginNames.InterPodAffinity],
            Default().PluginsByPoint[ExtensionPoint.Filter]);
    }

    [Theory]
    [InlineData(PluginNames.TaintToleration, 3)]
    [InlineData(PluginNames.NodeAffinity, 2)]
    [InlineData(PluginNames.NodeResourcesFit, 1)]
    [InlineData(PluginNames.PodTopologySpread, 2)]
    [InlineData(PluginNames.InterPodAffinity, 2)]
    [InlineData(PluginNames.NodeResourcesBalancedAllocation, 1)]
    [InlineData(PluginNames.ImageLocality, 1)]
    public void DefaultProfile_ScoreWeights(string plugin, int weight)
    {
        Assert.Equal(weight, Default().ScoreWeights[plugin]);
    }

    [Fact]
    public void DefaultProfile_SingletonPoints()
    {
        var fw = Default();

        Assert.Equal([PluginNames.PrioritySort], fw.PluginsByPoint[ExtensionPoint.QueueSort]);
        Assert.Equal([PluginNames.DefaultPreemption], fw.PluginsByPoint[ExtensionPoint.PostFilter]);
        Assert.Equal([PluginNames.DefaultBinder], fw.PluginsByPoint[ExtensionPoint.Bind]);
        // DefaultPreemption gates a preemptor while its victims are being deleted (upstream's async preemption).
        Assert.Equal([PluginNames.SchedulingGates, PluginNames.DefaultPreemption], fw.PluginsByPoint[ExtensionPoint.PreEnqueue]);
    }

    [Fact]
    public void ExplicitPointEntry_OverridesMultiPointOrderAndWeight()
    {
        var plugins = new PluginsConfig { Score = new PluginSet { Enabled = [new PluginRef { Name = PluginNames.ImageLocality, Weight = 7 }] } };

        var resolved = ProfilePluginResolver.Resolve(plugins, (name, point) => point == ExtensionPoint.Score && name is PluginNames.ImageLocality or PluginNames.TaintToleration);

        Assert.Equal([PluginNames.ImageLocality, PluginNames.TaintToleration], resolved.Points[ExtensionPoint.Score]);
        Assert.Equal(7, resolved.ScoreWeights[PluginNames.ImageLocality]);
        Assert.Equal(3, resolved.ScoreWeights[PluginNames.TaintToleration]);
    }

    [Fact]
    public void DisableAllAtPoint_KeepsOnlyExplicitOnes()
    {
        var plugins = new PluginsConfig { Score = new PluginSet { Disabled = [new PluginRef { Name = "*" }], Enabled = [new PluginRef { Name = PluginNames.NodeResourcesFit }] } };

        var resolved = ProfilePluginResolver.Resolve(plugins, (_, point) => point == ExtensionPoint.Score);

        Assert.Equal([PluginNames.NodeResourcesFit], resolved.Points[ExtensionPoint.Score]);
    }
}
