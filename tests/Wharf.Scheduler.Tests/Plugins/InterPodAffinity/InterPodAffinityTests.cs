using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.InterPodAffinity;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Plugins.InterPodAffinity;

public class InterPodAffinityTests
{
    internal const string Zone = "topology.kubernetes.io/zone";
    internal const string Host = "kubernetes.io/hostname";

    private static V1Node[] Nodes() => [NodeBuilder.Make("a1").Zone("a"), NodeBuilder.Make("a2").Zone("a"), NodeBuilder.Make("b1").Zone("b")];

    public static TheoryData<string, V1Pod, V1Pod[], string, string?> Cases => new()
    {
        { "affinity satisfied in zone", PodBuilder.Make().PodAffinity(Zone, "app", "db"), [PodBuilder.Make().Node("a1").Label("app", "db")], "a2", null },
        { "affinity unsatisfied in other zone", PodBuilder.Make().PodAffinity(Zone, "app", "db"), [PodBuilder.Make().Node("a1").Label("app", "db")], "b1", InterPodAffinityPlugin.ErrReasonAffinityRulesNotMatch },
        { "first pod of a self-affine group", PodBuilder.Make().Label("app", "db").PodAffinity(Zone, "app", "db"), [], "b1", null },
        { "no match and not self-affine", PodBuilder.Make().PodAffinity(Zone, "app", "db"), [], "b1", InterPodAffinityPlugin.ErrReasonAffinityRulesNotMatch },
        { "anti-affinity per host", PodBuilder.Make().PodAffinity(Host, "app", "web", anti: true), [PodBuilder.Make().Node("a1").Label("app", "web")], "a1", InterPodAffinityPlugin.ErrReasonAntiAffinityRulesNotMatch },
        { "anti-affinity other host fine", PodBuilder.Make().PodAffinity(Host, "app", "web", anti: true), [PodBuilder.Make().Node("a1").Label("app", "web")], "a2", null },
        { "existing pod's anti-affinity", PodBuilder.Make().Label("app", "web"), [PodBuilder.Make().Node("a1").PodAffinity(Zone, "app", "web", anti: true)], "a2", InterPodAffinityPlugin.ErrReasonExistingAntiAffinityRulesNotMatch },
        { "existing anti-affinity in other zone", PodBuilder.Make().Label("app", "web"), [PodBuilder.Make().Node("a1").PodAffinity(Zone, "app", "web", anti: true)], "b1", null },
        { "other namespace does not match by default", PodBuilder.Make().PodAffinity(Zone, "app", "db"), [PodBuilder.Make("x", "other").Node("a1").Label("app", "db")], "a2", InterPodAffinityPlugin.ErrReasonAffinityRulesNotMatch },
        { "namespaces list reaches other namespace", PodBuilder.Make().PodAffinity(Zone, "app", "db", namespaces: ["other"]), [PodBuilder.Make("x", "other").Node("a1").Label("app", "db")], "a2", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter(string name, V1Pod pod, V1Pod[] existing, string node, string? reason)
    {
        var fw = TestFramework.Create(Nodes(), existing, PluginNames.InterPodAffinity);

        var status = fw.RunFilter(pod, node);

        Assert.Equal(reason is null ? [] : [reason], status.Reasons);
        Assert.NotNull(name);
    }

    [Fact]
    public void Filter_NamespaceSelector_UsesNamespaceLabels()
    {
        var objects = new ClusterObjects();
        objects.Apply(ClusterChangeType.Added, new V1Namespace { Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { ["team"] = "a" } } });
        var existing = PodBuilder.Make("db", "team-a").Node("a1").Label("app", "db").Obj();
        var fw = TestFramework.Create(Nodes(), [existing], objects, null, PluginNames.InterPodAffinity);
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a" } };

        Assert.True(fw.RunFilter(PodBuilder.Make().PodAffinity(Zone, "app", "db", nsSelector: selector), "a2").IsSuccess);
        Assert.False(fw.RunFilter(PodBuilder.Make().PodAffinity(Zone, "app", "db", nsSelector: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "b" } }), "a2").IsSuccess);
    }

    [Fact]
    public void Score_PreferredAffinityAndAntiAffinity()
    {
        var existing = new V1Pod[] { PodBuilder.Make().Node("a1").Label("app", "cache"), PodBuilder.Make().Node("b1").Label("app", "noisy") };
        var fw = TestFramework.Create(Nodes(), existing, PluginNames.InterPodAffinity);
        var pod = PodBuilder.Make().PodAffinity(Zone, "app", "cache", weight: 10).PodAffinity(Zone, "app", "noisy", anti: true, weight: 10);

        var s = fw.RunScore(pod);

        // Zone a: +10, zone b: −10 → min-max normalised to 100 and 0.
        Assert.Equal((100L, 100L, 0L), (s["a1"], s["a2"], s["b1"]));
    }

    [Fact]
    public void Score_ExistingPodsRequiredAffinity_AttractsMatchingPods()
    {
        var existing = new V1Pod[] { PodBuilder.Make().Node("b1").PodAffinity(Zone, "app", "web") };
        var fw = TestFramework.Create(Nodes(), existing, PluginNames.InterPodAffinity);

        var s = fw.RunScore(PodBuilder.Make().Label("app", "web"));

        Assert.Equal((0L, 100L), (s["a1"], s["b1"]));
    }
}
