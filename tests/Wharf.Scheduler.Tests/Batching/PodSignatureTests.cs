using k8s.Models;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Batching;

public class PodSignatureTests
{
    private static readonly V1Node[] s_nodes = [NodeBuilder.Make("n1").Capacity(("cpu", "4"), ("memory", "16Gi"), ("pods", "110"))];

    private static PodBuilder Base(string name) => PodBuilder.Make(name).Req(("cpu", "100m"), ("memory", "500Mi")).Label("app", "web");

    private static readonly Dictionary<string, (Func<PodBuilder, PodBuilder> Change, bool Equal)> s_variants = new()
    {
        ["another name and uid only"] = (p => p, true),
        ["more cpu"] = (p => p.Req(("cpu", "200m"), ("memory", "500Mi")), false),
        ["memory request left out"] = (p => p.Req(("cpu", "100m")), false),
        ["another label value"] = (p => p.Label("app", "db"), false),
        ["an extra label"] = (p => p.Label("tier", "front"), false),
        ["a toleration"] = (p => p.Toleration("k", "Equal", "v", "NoSchedule"), false),
        ["a node selector"] = (p => p.NodeSelector("disk", "ssd"), false),
        ["another image"] = (p => p.Image("nginx"), false),
        ["a host port"] = (p => p.HostPort(8080), false),
        ["a ConfigMap volume (per pod, never placement)"] = (p => p.Volume(new V1Volume { Name = "cm", ConfigMap = new V1ConfigMapVolumeSource { Name = "cm" } }), true),
        ["an emptyDir volume"] = (p => p.Volume(new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }), false),
        ["another scheduler name"] = (p => p.SchedulerName("other"), false),
        ["a nominated node (status, not spec)"] = (p => p.NominatedNode("n1"), true),
    };

    public static TheoryData<string> Variants => [.. s_variants.Keys];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Signature_IsEqual_OnlyWhenNothingThatPlacesThePodDiffers(string variant)
    {
        var (change, equal) = s_variants[variant];
        var fw = BatchProfiles.Framework(BatchProfiles.Signable(), s_nodes);
        var first = fw.SignPod(Base("a"));
        var second = fw.SignPod(change(Base("b")));

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(equal == (first == second), $"{variant}: expected {(equal ? "equal" : "different")} signatures");
    }

    [Fact]
    public void Signature_IgnoresTheOrderOfTolerations()
    {
        var fw = BatchProfiles.Framework(BatchProfiles.Signable(), s_nodes);
        var ab = Base("a").Toleration("a", "Equal", "1", "NoSchedule").Toleration("b", "Equal", "2", "NoExecute");
        var ba = Base("b").Toleration("b", "Equal", "2", "NoExecute").Toleration("a", "Equal", "1", "NoSchedule");

        Assert.Equal(fw.SignPod(ab), fw.SignPod(ba));
    }

    private static readonly Dictionary<string, Func<PodBuilder, PodBuilder>> s_unsignable = new()
    {
        ["own topology spread constraint"] = p => p.Spread(1, "kubernetes.io/hostname", hard: true, "app", "web"),
        ["required pod anti-affinity"] = p => p.PodAffinity("kubernetes.io/hostname", "app", "web", anti: true),
        ["required pod affinity"] = p => p.PodAffinity("kubernetes.io/hostname", "app", "web"),
    };

    public static TheoryData<string> Unsignable => [.. s_unsignable.Keys];

    [Theory]
    [MemberData(nameof(Unsignable))]
    public void Pod_WhosePlacementDependsOnOtherPods_IsNotSignable(string because)
    {
        var change = s_unsignable[because];
        var fw = BatchProfiles.Framework(BatchProfiles.Signable(), s_nodes);

        Assert.NotNull(fw.SignPod(Base("plain")));
        Assert.True(fw.SignPod(change(Base("p"))) is null, because);
    }

    [Fact]
    public void DefaultProfile_SignsNoPod_BecauseOfTheSystemDefaultSpreadConstraints()
    {
        // Upstream's PodTopologySpread refuses every pod while default constraints are configured, and the default
        // profile has the system defaults: with the default configuration no pod is ever batched.
        var fw = BatchProfiles.Framework(BatchProfiles.Default(), s_nodes);

        Assert.True(fw.SignaturesEnabled);
        Assert.Null(fw.SignPod(Base("a")));
    }

    [Fact]
    public void Profile_WithAFilterPluginThatCannotSign_SignsNothing()
    {
        var registry = InTreeRegistry.Create();
        registry.Register("Unsigned", _ => new UnsignedFilter());
        var fw = TestFramework.Create(registry, s_nodes, null, null, null, PluginNames.NodeResourcesFit, "Unsigned");
        var signed = TestFramework.Create(registry, s_nodes, null, null, null, PluginNames.NodeResourcesFit);

        Assert.False(fw.SignaturesEnabled);
        Assert.Null(fw.SignPod(Base("a")));
        Assert.True(signed.SignaturesEnabled);
        Assert.NotNull(signed.SignPod(Base("a")));
    }

    private sealed class UnsignedFilter : Wharf.Scheduler.Framework.IFilterPlugin
    {
        public string Name => "Unsigned";

        public Wharf.Scheduler.Framework.Status Filter(Wharf.Scheduler.Framework.CycleState state, V1Pod pod, Wharf.Scheduler.Framework.NodeInfo nodeInfo) =>
            Wharf.Scheduler.Framework.Status.Success;
    }
}
