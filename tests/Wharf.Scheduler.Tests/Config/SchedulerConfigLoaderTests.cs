using Wharf.Scheduler.Config;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.NodeResources;
using Wharf.Scheduler.Scheduling;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Config;

public class SchedulerConfigLoaderTests
{
    private const string Yaml = """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        parallelism: 4
        percentageOfNodesToScore: 30
        profiles:
          - schedulerName: default-scheduler
          - schedulerName: bin-packer
            percentageOfNodesToScore: 70
            plugins:
              score:
                disabled:
                  - name: ImageLocality
                enabled:
                  - name: NodeAffinity
                    weight: 5
              filter:
                disabled:
                  - name: NodePorts
            pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
                    resources:
                      - name: cpu
                        weight: 2
                      - name: memory
                        weight: 1
        """;

    [Fact]
    public void Parse_Yaml_ReadsGlobalAndProfileSettings()
    {
        var config = SchedulerConfigLoader.Parse(Yaml);

        Assert.Equal(4, config.Parallelism);
        Assert.Equal(30, config.PercentageOfNodesToScore);
        Assert.Equal(["default-scheduler", "bin-packer"], config.Profiles.Select(p => p.SchedulerName));
        Assert.Equal(70, config.Profiles[1].PercentageOfNodesToScore);
        Assert.Equal("ImageLocality", config.Profiles[1].Plugins!.Score!.Disabled[0].Name);
        Assert.Equal(5, config.Profiles[1].Plugins!.Score!.Enabled[0].Weight);
    }

    [Fact]
    public void Profiles_ApplyDisablesWeightsAndArgs()
    {
        var loop = new SchedulingLoop(new FakeCluster(), new SchedulerOptions { Configuration = SchedulerConfigLoader.Parse(Yaml) });
        var packer = loop.Profiles["bin-packer"];

        Assert.DoesNotContain(PluginNames.ImageLocality, packer.PluginsByPoint[ExtensionPoint.Score]);
        Assert.Contains(PluginNames.ImageLocality, loop.Profiles["default-scheduler"].PluginsByPoint[ExtensionPoint.Score]);
        Assert.DoesNotContain(PluginNames.NodePorts, packer.PluginsByPoint[ExtensionPoint.Filter]);
        Assert.Contains(PluginNames.NodePorts, packer.PluginsByPoint[ExtensionPoint.PreFilter]);
        Assert.Equal(5, packer.ScoreWeights[PluginNames.NodeAffinity]);
        Assert.Equal(70, packer.PercentageOfNodesToScore);

        var fit = (FitPlugin)packer.Plugins[PluginNames.NodeResourcesFit];
        var node = Wharf.Scheduler.Framework.NodeInfo.For(Builders.NodeBuilder.Make("n"));
        fit.Score(new Wharf.Scheduler.Framework.CycleState(), Builders.PodBuilder.Make().Req(("cpu", "1"), ("memory", "2Gi")), node, out var score);
        Assert.Equal(25, score);
    }

    [Fact]
    public void Parse_Json_IsAccepted()
    {
        var config = SchedulerConfigLoader.Parse("""{"apiVersion":"kubescheduler.config.k8s.io/v1","kind":"KubeSchedulerConfiguration","profiles":[{"schedulerName":"x","percentageOfNodesToScore":0}]}""");

        Assert.Equal("x", Assert.Single(config.Profiles).SchedulerName);
        Assert.Equal(16, config.Parallelism);
    }

    [Fact]
    public void Parse_Empty_YieldsDefaultProfile()
    {
        Assert.Equal("default-scheduler", Assert.Single(SchedulerConfigLoader.Parse("kind: KubeSchedulerConfiguration").Profiles).SchedulerName);
    }

    [Theory]
    [InlineData("wrong apiVersion", "apiVersion: kubescheduler.config.k8s.io/v1beta3")]
    [InlineData("percentage out of range", "percentageOfNodesToScore: 120")]
    [InlineData("duplicate profile", "profiles: [{schedulerName: a}, {schedulerName: a}]")]
    [InlineData("zero parallelism", "parallelism: 0")]
    public void Parse_Invalid_Throws(string name, string yaml)
    {
        Assert.Throws<InvalidSchedulerConfigException>(() => SchedulerConfigLoader.Parse(yaml));
        Assert.NotNull(name);
    }

    [Fact]
    public void UnknownPlugin_IsRejected()
    {
        var config = SchedulerConfigLoader.Parse("profiles: [{schedulerName: a, plugins: {filter: {enabled: [{name: Nope}]}}}]");

        Assert.Throws<InvalidSchedulerConfigException>(() => new SchedulingLoop(new FakeCluster(), new SchedulerOptions { Configuration = config }));
    }
}
