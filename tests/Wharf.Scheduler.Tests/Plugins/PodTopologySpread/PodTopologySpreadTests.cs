using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.PodTopologySpread;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Plugins.PodTopologySpread;

public class PodTopologySpreadTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string Host = "kubernetes.io/hostname";

    private static V1Node[] TwoZones() =>
    [
        NodeBuilder.Make("a1").Zone("a"), NodeBuilder.Make("a2").Zone("a"),
        NodeBuilder.Make("b1").Zone("b"), NodeBuilder.Make("b2").Zone("b"),
    ];

    private static V1Pod Web(string node) => PodBuilder.Make().Node(node).Label("app", "web");

    public static TheoryData<string, int, V1Pod[], string, bool> HardCases => new()
    {
        { "balanced zones accept either", 1, [Web("a1"), Web("b1")], "a2", true },
        { "skew 2 over max 1 rejects the full zone", 1, [Web("a1"), Web("a2")], "a1", false },
        { "the empty zone accepts", 1, [Web("a1"), Web("a2")], "b2", true },
        { "maxSkew 2 tolerates it", 2, [Web("a1")], "a1", true },
        { "pods of other apps do not count", 1, [PodBuilder.Make().Node("a1").Label("app", "db"), PodBuilder.Make().Node("a2").Label("app", "db")], "a1", true },
        { "terminating pods do not count", 1, [Web("a1"), Web("b1"), PodBuilder.Make().Node("a2").Label("app", "web").Terminating()], "a2", true },
        { "the same without termination rejects", 1, [Web("a1"), Web("b1"), Web("a2")], "a2", false },
    };

    [Theory]
    [MemberData(nameof(HardCases))]
    public void Filter_Hard(string name, int maxSkew, V1Pod[] existing, string node, bool fits)
    {
        var fw = TestFramework.Create(TwoZones(), existing, PluginNames.PodTopologySpread);
        var pod = PodBuilder.Make().Label("app", "web").Spread(maxSkew, Zone, hard: true, "app", "web");

        var status = fw.RunFilter(pod, node);

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal((PodTopologySpreadPlugin.ErrReasonConstraintsNotMatch, StatusCode.Unschedulable), (Assert.Single(status.Reasons), status.Code));
        Assert.NotNull(name);
    }

    [Fact]
    public void Filter_NodeWithoutTopologyKey_IsUnresolvable()
    {
        var fw = TestFramework.Create([.. TwoZones(), NodeBuilder.Make("nozone")], null, PluginNames.PodTopologySpread);

        var status = fw.RunFilter(PodBuilder.Make().Label("app", "web").Spread(1, Zone, true, "app", "web"), "nozone");

        Assert.Equal((PodTopologySpreadPlugin.ErrReasonNodeLabelNotMatch, StatusCode.UnschedulableAndUnresolvable), (Assert.Single(status.Reasons), status.Code));
    }

    [Fact]
    public void Filter_MinDomains_TreatsMissingDomainsAsZero()
    {
        // Only zone a exists, so with minDomains 2 the global minimum is 0 and one pod already reaches maxSkew.
        var fw = TestFramework.Create([NodeBuilder.Make("a1").Zone("a"), NodeBuilder.Make("a2").Zone("a")], [Web("a1")], PluginNames.PodTopologySpread);

        var withMin = fw.RunFilter(PodBuilder.Make().Label("app", "web").Spread(1, Zone, true, "app", "web", minDomains: 2), "a2");
        var without = fw.RunFilter(PodBuilder.Make().Label("app", "web").Spread(1, Zone, true, "app", "web"), "a2");

        Assert.False(withMin.IsSuccess);
        Assert.True(without.IsSuccess);
    }

    [Fact]
    public void Score_Soft_PrefersLessLoadedHosts()
    {
        var fw = TestFramework.Create(TwoZones(), [Web("a1"), Web("a1"), Web("a2")], PluginNames.PodTopologySpread);
        var pod = PodBuilder.Make().Label("app", "web").Spread(1, Host, hard: false, "app", "web");

        var s = fw.RunScore(pod);

        Assert.True(s["b1"] > s["a2"] && s["a2"] > s["a1"], string.Join(",", s));
        Assert.Equal(s["b1"], s["b2"]);
    }

    [Fact]
    public void Score_SystemDefaults_UseServiceSelector()
    {
        var objects = new ClusterObjects();
        objects.Apply(ClusterChangeType.Added, new V1Service { Kind = "Service", Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" }, Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" } } });
        var fw = TestFramework.Create(TwoZones(), [Web("a1"), Web("a2")], objects, null, PluginNames.PodTopologySpread);

        var s = fw.RunScore(PodBuilder.Make().Label("app", "web"));

        Assert.True(s["b1"] > s["a1"], string.Join(",", s));
    }

    [Fact]
    public void PreScore_NoConstraintsAndNoOwners_Skips()
    {
        var fw = TestFramework.Create(TwoZones(), null, PluginNames.PodTopologySpread);
        var state = new CycleState();

        fw.RunPreScorePlugins(state, PodBuilder.Make().Label("app", "x"), fw.Snapshot.NodeInfos);

        Assert.Contains(PluginNames.PodTopologySpread, state.SkipScorePlugins);
    }
}
