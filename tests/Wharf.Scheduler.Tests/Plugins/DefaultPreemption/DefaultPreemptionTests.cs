using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.DefaultPreemption;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Plugins.DefaultPreemption;

public class DefaultPreemptionTests
{
    private static V1Pod Running(string name, string node, int priority, string cpu, int startMinute = 0) =>
        PodBuilder.Make(name).Node(node).Priority(priority).Req(("cpu", cpu)).StartTime(new DateTime(2024, 1, 1, 0, startMinute, 0, DateTimeKind.Utc));

    private static (SchedulingFramework Fw, DefaultPreemptionPlugin Plugin) Setup(V1Node[] nodes, V1Pod[] pods, ClusterObjects? objects = null)
    {
        var fw = TestFramework.Create(nodes, pods, objects, null, PluginNames.NodeResourcesFit, PluginNames.DefaultPreemption);
        return (fw, new DefaultPreemptionPlugin(fw, new DefaultPreemptionArgs(), _ => 0));
    }

    private static NodeToStatus FilterAll(SchedulingFramework fw, V1Pod pod, CycleState state)
    {
        var statuses = new NodeToStatus();
        fw.RunPreFilterPlugins(state, pod, fw.Snapshot.NodeInfos, out _, new HashSet<string>());
        foreach (var n in fw.Snapshot.NodeInfos) statuses.Set(n.Name, fw.RunFilterPlugins(state, pod, n));
        return statuses;
    }

    [Fact]
    public void SelectVictims_ReprievesMoreImportantPodsFirst()
    {
        var (fw, plugin) = Setup([NodeBuilder.Make("n")], [Running("low", "n", 1, "2"), Running("mid", "n", 2, "2")]);
        var pod = PodBuilder.Make("high").Priority(3).Req(("cpu", "2")).Obj();
        var state = new CycleState();
        FilterAll(fw, pod, state);

        var (victims, violations, status) = plugin.SelectVictimsOnNode(state.Clone(), pod, fw.Snapshot.Get("n")!.Clone(), []);

        Assert.True(status.IsSuccess, status.ToString());
        Assert.Equal(["low"], victims.Select(v => v.Metadata.Name));
        Assert.Equal(0, violations);
    }

    [Fact]
    public void SelectVictims_NoLowerPriorityPods_IsUnresolvable()
    {
        var (fw, plugin) = Setup([NodeBuilder.Make("n")], [Running("same", "n", 5, "4")]);
        var pod = PodBuilder.Make().Priority(5).Req(("cpu", "1")).Obj();

        var (_, _, status) = plugin.SelectVictimsOnNode(new CycleState(), pod, fw.Snapshot.Get("n")!.Clone(), []);

        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, DefaultPreemptionPlugin.NoVictims), (status.Code, status.Message));
    }

    [Fact]
    public async Task PostFilter_PrefersNodeWithLowerPriorityVictims()
    {
        var (fw, plugin) = Setup([NodeBuilder.Make("n1"), NodeBuilder.Make("n2")], [Running("p5", "n1", 5, "4"), Running("p1", "n2", 1, "4")]);
        var pod = PodBuilder.Make("high").Priority(10).Req(("cpu", "1")).Obj();
        var state = new CycleState();

        var outcome = await plugin.PostFilterAsync(state, pod, FilterAll(fw, pod, state), CancellationToken.None);

        Assert.True(outcome.Status.IsSuccess, outcome.Status.ToString());
        Assert.Equal("n2", outcome.NominatedNodeName);
        var cluster = (FakeCluster)fw.Cluster;
        var deletion = Assert.Single(cluster.Deletions);
        Assert.Equal("p1", deletion.Pod);
        Assert.Equal(("DisruptionTarget", "PreemptionByScheduler", "default-scheduler: preempting to accommodate a higher priority pod"),
            (deletion.Condition.Type, deletion.Condition.Reason, deletion.Condition.Message));
        Assert.Contains(cluster.Events, e => e.Reason == "Preempted" && e.Message == "Preempted by pod uid-default-high on node n2");
    }

    [Fact]
    public async Task PostFilter_AvoidsPdbViolation()
    {
        var objects = new ClusterObjects();
        objects.Apply(ClusterChangeType.Added, new V1PodDisruptionBudget
        {
            Kind = "PodDisruptionBudget",
            Metadata = new V1ObjectMeta { Name = "guard", NamespaceProperty = "default" },
            Spec = new V1PodDisruptionBudgetSpec { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "guarded" } } },
            Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 0 },
        });
        var guarded = PodBuilder.Make("guarded").Node("n1").Priority(1).Req(("cpu", "4")).Label("app", "guarded").Obj();
        var (fw, plugin) = Setup([NodeBuilder.Make("n1"), NodeBuilder.Make("n2")], [guarded, Running("free", "n2", 1, "4")], objects);
        var pod = PodBuilder.Make("high").Priority(10).Req(("cpu", "1")).Obj();
        var state = new CycleState();

        var outcome = await plugin.PostFilterAsync(state, pod, FilterAll(fw, pod, state), CancellationToken.None);

        Assert.Equal("n2", outcome.NominatedNodeName);
    }

    [Fact]
    public async Task PostFilter_PreemptionPolicyNever_IsNotEligible()
    {
        var (fw, plugin) = Setup([NodeBuilder.Make("n")], [Running("low", "n", 1, "4")]);
        var pod = PodBuilder.Make().Priority(10).PreemptNever().Req(("cpu", "1")).Obj();
        var state = new CycleState();

        var outcome = await plugin.PostFilterAsync(state, pod, FilterAll(fw, pod, state), CancellationToken.None);

        Assert.Equal("preemption: not eligible due to preemptionPolicy=Never.", outcome.Status.Message);
    }

    [Theory]
    [InlineData("a victim of this scheduler's preemption still terminating: wait for it", "PreemptionByScheduler", 1, false)]
    [InlineData("a pod terminating for another reason does not block preemption", "DeletionByTaintManager", 1, true)]
    [InlineData("a terminating pod of higher priority is no victim: no wait", "PreemptionByScheduler", 50, true)]
    public void EligibleToPreempt_WaitsOnlyForTerminatingVictimsOfPreemption(string because, string reason, int terminatingPriority, bool eligible)
    {
        V1Pod terminating = PodBuilder.Make("going").Node("n").Priority(terminatingPriority).Req(("cpu", "2")).Terminating();
        terminating.Status.Conditions = [new V1PodCondition { Type = "DisruptionTarget", Status = "True", Reason = reason }];
        var (_, plugin) = Setup([NodeBuilder.Make("n")], [terminating]);
        V1Pod pod = PodBuilder.Make("high").Priority(10).Req(("cpu", "4"));
        pod.Status = new V1PodStatus { NominatedNodeName = "n" };

        var (ok, _) = plugin.EligibleToPreempt(pod, Status.Unschedulable("Insufficient cpu"));

        Assert.True(eligible == ok, because);
    }

    [Fact]
    public async Task PostFilter_NoCandidates_ReportsUpstreamMessage()
    {
        var (fw, plugin) = Setup([NodeBuilder.Make("n1"), NodeBuilder.Make("n2").Unschedulable()], [Running("same", "n1", 10, "4")]);
        var pod = PodBuilder.Make().Priority(10).Req(("cpu", "1")).Obj();
        var state = new CycleState();
        var statuses = FilterAll(fw, pod, state);
        statuses.Set("n2", Status.Unresolvable("node(s) were unschedulable"));

        var outcome = await plugin.PostFilterAsync(state, pod, statuses, CancellationToken.None);

        Assert.Equal("preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.", outcome.Status.Message);
        Assert.Equal("", outcome.NominatedNodeName);
    }

    [Fact]
    public async Task PostFilter_EvictsPodThatBlocksAntiAffinity()
    {
        var blocker = PodBuilder.Make("blocker").Node("n").Priority(1).Label("app", "web").Obj();
        var bystander = PodBuilder.Make("bystander").Node("n").Priority(1).Label("app", "other").Obj();
        var fw = TestFramework.Create([NodeBuilder.Make("n")], [blocker, bystander], null, (List<Wharf.Scheduler.Config.PluginConfigEntry>?)null, PluginNames.InterPodAffinity, PluginNames.DefaultPreemption);
        var plugin = new DefaultPreemptionPlugin(fw, new DefaultPreemptionArgs(), _ => 0);
        var pod = PodBuilder.Make("high").Priority(10).PodAffinity("kubernetes.io/hostname", "app", "web", anti: true).Obj();
        var state = new CycleState();
        var statuses = FilterAll(fw, pod, state);
        Assert.Equal(Wharf.Scheduler.Plugins.InterPodAffinity.InterPodAffinityPlugin.ErrReasonAntiAffinityRulesNotMatch, statuses.Get("n").Message);

        var outcome = await plugin.PostFilterAsync(state, pod, statuses, CancellationToken.None);

        Assert.Equal("n", outcome.NominatedNodeName);
        Assert.Equal("blocker", Assert.Single(((FakeCluster)fw.Cluster).Deletions).Pod);
    }

    [Theory]
    [InlineData(50, 50)]
    [InlineData(1000, 100)]
    [InlineData(5000, 500)]
    public void NumCandidates(int nodes, int expected)
    {
        var plugin = new DefaultPreemptionPlugin(null!, new DefaultPreemptionArgs());

        Assert.Equal(expected, plugin.NumCandidates(nodes));
    }
}
