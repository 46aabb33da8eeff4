using k8s.Models;
using Wharf.Scheduler.Cache;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Queue;

namespace Wharf.Scheduler.Tests.Fakes;

/// <summary>Builds a real <see cref="SchedulingFramework"/> over a snapshot with only the named plugins enabled.</summary>
internal static class TestFramework
{
    public static SchedulingFramework Create(IEnumerable<V1Node> nodes, IEnumerable<V1Pod>? pods, params string[] plugins) =>
        Create(nodes, pods, null, null, plugins);

    public static SchedulingFramework Create(IEnumerable<V1Node> nodes, IEnumerable<V1Pod>? pods, ClusterObjects? objects, List<PluginConfigEntry>? pluginConfig, params string[] plugins) =>
        Create(InTreeRegistry.Create(), nodes, pods, objects, pluginConfig, plugins);

    /// <summary>As above, with plugins of <paramref name="registry"/> (test plugins registered next to the in-tree ones).</summary>
    public static SchedulingFramework Create(PluginRegistry registry, IEnumerable<V1Node> nodes, IEnumerable<V1Pod>? pods, ClusterObjects? objects, List<PluginConfigEntry>? pluginConfig, params string[] plugins)
    {
        var enabled = new List<string> { PluginNames.PrioritySort, PluginNames.DefaultBinder };
        enabled.AddRange(plugins);
        var profile = new SchedulerProfileConfig
        {
            Plugins = new PluginsConfig
            {
                MultiPoint = new PluginSet
                {
                    Disabled = [new PluginRef { Name = "*" }],
                    Enabled = [.. enabled.Distinct().Select(n => new PluginRef { Name = n })],
                },
            },
            PluginConfig = pluginConfig ?? [],
        };
        var services = new FrameworkServices(new FakeCluster(), objects ?? new ClusterObjects(), new PodNominator(), new ManualTimeProvider(), parallelism: 1)
        {
            Snapshot = Snapshot.From(nodes, pods),
        };
        return SchedulingFramework.Create(profile, registry, services);
    }

    /// <summary>PreFilter then Filter on one node, as the cycle does; the PreFilter status when it rejects.</summary>
    public static Status RunFilter(this SchedulingFramework fw, V1Pod pod, string nodeName)
    {
        var state = new CycleState();
        var s = fw.RunPreFilterPlugins(state, pod, fw.Snapshot.NodeInfos, out _, new HashSet<string>());
        if (!s.IsSuccess) return s;
        return fw.RunFilterPlugins(state, pod, fw.Snapshot.Get(nodeName)!);
    }

    /// <summary>PreFilter, PreScore, Score and normalisation over all nodes; weighted totals by node name.</summary>
    public static Dictionary<string, long> RunScore(this SchedulingFramework fw, V1Pod pod)
    {
        var state = new CycleState();
        var nodes = fw.Snapshot.NodeInfos;
        fw.RunPreFilterPlugins(state, pod, nodes, out _, new HashSet<string>());
        var s = fw.RunPreScorePlugins(state, pod, nodes);
        Assert.True(s.IsSuccess, s.ToString());
        s = fw.RunScorePlugins(state, pod, nodes, out var totals);
        Assert.True(s.IsSuccess, s.ToString());
        return nodes.Select((n, i) => (n.Name, totals[i])).ToDictionary(x => x.Name, x => x.Item2);
    }
}
