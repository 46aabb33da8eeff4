using k8s.Models;
using Wharf.Scheduler.Cache;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Queue;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Batching;

/// <summary>Configurations and frameworks for the batching tests.</summary>
internal static class BatchProfiles
{
    /// <summary>
    /// The default plugins with PodTopologySpread's defaults turned off (List defaulting, no constraints): the only
    /// way a pod of the default plugin set is signable, upstream as here.
    /// </summary>
    public const string SignableYaml = """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        profiles:
        - schedulerName: default-scheduler
          pluginConfig:
          - name: PodTopologySpread
            args:
              defaultingType: List
        """;

    public static KubeSchedulerConfiguration Signable() => SchedulerConfigLoader.Parse(SignableYaml);

    public static KubeSchedulerConfiguration Default() => SchedulerConfigLoader.WithDefaults(new KubeSchedulerConfiguration());

    /// <summary>A framework of the (first) profile of <paramref name="config"/> over a fixed snapshot.</summary>
    public static SchedulingFramework Framework(KubeSchedulerConfiguration config, IEnumerable<V1Node> nodes, IEnumerable<V1Pod>? pods = null)
    {
        var profile = SchedulerConfigLoader.WithDefaults(config).Profiles[0];
        var services = new FrameworkServices(new FakeCluster(), new ClusterObjects(), new PodNominator(), new ManualTimeProvider(), parallelism: 1)
        {
            Snapshot = Snapshot.From(nodes, pods),
        };
        return SchedulingFramework.Create(profile, InTreeRegistry.Create(), services);
    }

    /// <summary>PreFilter run, as the cycle does before it asks for a hint (Filter reads PreFilter's state).</summary>
    public static CycleState PreFiltered(SchedulingFramework fw, V1Pod pod)
    {
        var state = new CycleState();
        var s = fw.RunPreFilterPlugins(state, pod, fw.Snapshot.NodeInfos, out _, new HashSet<string>());
        Assert.True(s.IsSuccess, s.ToString());
        return state;
    }
}
