using k8s.Models;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.NodeAffinity;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Plugins.NodeAffinity;

public class NodeAffinityTests
{
    private static readonly V1Node s_node = NodeBuilder.Make("n1").Label("disk", "ssd").Label("cores", "8");

    public static TheoryData<string, V1Pod, bool> FilterCases => new()
    {
        { "nodeSelector matches", PodBuilder.Make().NodeSelector("disk", "ssd"), true },
        { "nodeSelector mismatch", PodBuilder.Make().NodeSelector("disk", "hdd"), false },
        { "In", PodBuilder.Make().RequiredNodeAffinity("disk", "In", "ssd", "nvme"), true },
        { "NotIn", PodBuilder.Make().RequiredNodeAffinity("disk", "NotIn", "ssd"), false },
        { "Exists", PodBuilder.Make().RequiredNodeAffinity("disk", "Exists"), true },
        { "DoesNotExist", PodBuilder.Make().RequiredNodeAffinity("gpu", "DoesNotExist"), true },
        { "Gt", PodBuilder.Make().RequiredNodeAffinity("cores", "Gt", "4"), true },
        { "Lt", PodBuilder.Make().RequiredNodeAffinity("cores", "Lt", "4"), false },
        { "terms are ORed", PodBuilder.Make().RequiredNodeAffinity("disk", "In", "hdd").RequiredNodeAffinity("cores", "In", "8"), true },
        { "nodeSelector and affinity both required", PodBuilder.Make().NodeSelector("disk", "hdd").RequiredNodeAffinity("cores", "In", "8"), false },
        { "matchFields by name", PodBuilder.Make().RequiredNodeName("n1"), true },
        { "matchFields other name", PodBuilder.Make().RequiredNodeName("n2"), false },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter(string name, V1Pod pod, bool fits)
    {
        var fw = TestFramework.Create([s_node, NodeBuilder.Make("n2")], null, PluginNames.NodeAffinity);

        var status = fw.RunFilter(pod, "n1");

        Assert.Equal(fits, status.IsSuccess);
        if (!fits) Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        Assert.NotNull(name);
    }

    [Fact]
    public void Filter_Mismatch_HasUpstreamReason()
    {
        var plugin = new NodeAffinityPlugin(new NodeAffinityArgs());
        var pod = PodBuilder.Make().NodeSelector("disk", "hdd").Obj();

        Assert.Equal([NodeAffinityPlugin.ErrReasonPod], plugin.Filter(new CycleState(), pod, NodeInfo.For(s_node)).Reasons);
    }

    [Fact]
    public void PreFilter_MatchFieldsNames_RestrictNodes()
    {
        var plugin = new NodeAffinityPlugin(new NodeAffinityArgs());

        plugin.PreFilter(new CycleState(), PodBuilder.Make().RequiredNodeName("n2", "n3"), [], out var result);

        Assert.Equal(["n2", "n3"], result!.NodeNames!.Order());
    }

    [Fact]
    public void Filter_AddedAffinity_IsEnforced()
    {
        var args = new NodeAffinityArgs
        {
            AddedAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [PodBuilder.Requirement("disk", "In", ["hdd"])] }] },
            },
        };
        var plugin = new NodeAffinityPlugin(args);
        var state = new CycleState();
        var pod = PodBuilder.Make().Obj();
        plugin.PreFilter(state, pod, [], out _);

        Assert.Equal([NodeAffinityPlugin.ErrReasonEnforced], plugin.Filter(state, pod, NodeInfo.For(s_node)).Reasons);
    }

    [Fact]
    public void Filter_AddedAffinity_FromProfileArgsJson()
    {
        var json = System.Text.Json.JsonDocument.Parse("""{"addedAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"disk","operator":"In","values":["hdd"]}]}]}}}""").RootElement;
        var fw = TestFramework.Create([s_node], null, null, [new PluginConfigEntry { Name = PluginNames.NodeAffinity, Args = json }], PluginNames.NodeAffinity);

        Assert.Equal([NodeAffinityPlugin.ErrReasonEnforced], fw.RunFilter(PodBuilder.Make(), "n1").Reasons);
    }

    [Fact]
    public void Score_PreferredTerms_NormalisedToMax()
    {
        var fw = TestFramework.Create([s_node, NodeBuilder.Make("n2").Label("disk", "hdd"), NodeBuilder.Make("n3")], null, PluginNames.NodeAffinity);
        var pod = PodBuilder.Make().PreferredNodeAffinity(80, "disk", "In", "ssd").PreferredNodeAffinity(20, "disk", "In", "hdd").Obj();

        var scores = fw.RunScore(pod);

        // The test profile enables the plugin without a weight, so totals are the normalised scores (weight 1).
        Assert.Equal(100, scores["n1"]);
        Assert.Equal(25, scores["n2"]);
        Assert.Equal(0, scores["n3"]);
    }
}
