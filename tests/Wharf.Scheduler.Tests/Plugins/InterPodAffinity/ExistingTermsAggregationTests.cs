using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Plugins.InterPodAffinity;

/// <summary>
/// A pod without terms of its own is filtered and scored from the existing pods' terms counted per domain
/// (<see cref="ExistingPodTerms"/>); these tests hold that against the plain definition — every existing pod, every
/// term — on random clusters whose pods share terms the way a workload's pods do.
/// </summary>
public class ExistingTermsAggregationTests
{
    private const string Zone = InterPodAffinityTests.Zone;
    private const string Host = InterPodAffinityTests.Host;

    private sealed record TermSpec(string TopologyKey, string App, bool Anti, int? Weight, string[]? Namespaces);

    private static readonly TermSpec[] s_pool =
    [
        new(Host, "x", Anti: true, null, null),
        new(Zone, "x", Anti: true, null, ["default", "other"]),
        new(Zone, "y", Anti: false, null, null),
        new(Host, "y", Anti: false, 3, ["other"]),
        new(Host, "x", Anti: true, 5, null),
        new(Zone, "x", Anti: false, 7, null),
        new(Zone, "y", Anti: true, 2, ["default"]),
    ];

    private static V1Node[] Nodes() =>
    [
        NodeBuilder.Make("a1").Zone("a"), NodeBuilder.Make("a2").Zone("a"), NodeBuilder.Make("b1").Zone("b"),
        NodeBuilder.Make("b2").Zone("b"), NodeBuilder.Make("c1").Zone("c"), NodeBuilder.Make("nozone"),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void FilterAndRawScores_EqualThePerPodDefinition(int seed)
    {
        var random = new Random(seed);
        var nodes = Nodes();
        var existing = new List<(V1Pod Pod, TermSpec[] Terms)>();
        for (var i = 0; i < 40; i++)
        {
            var ns = random.Next(3) == 0 ? "other" : "default";
            var b = PodBuilder.Make($"e{i}", ns).Uid($"e{i}").Node(nodes[random.Next(nodes.Length)].Metadata.Name).Label("app", random.Next(2) == 0 ? "x" : "y");
            var terms = Enumerable.Range(0, random.Next(3)).Select(_ => s_pool[random.Next(s_pool.Length)]).Distinct().ToArray();
            foreach (var t in terms) b.PodAffinity(t.TopologyKey, "app", t.App, anti: t.Anti, weight: t.Weight, namespaces: t.Namespaces);
            existing.Add((b, terms));
        }
        var fw = TestFramework.Create(nodes, existing.Select(e => e.Pod), PluginNames.InterPodAffinity);
        var plugin = fw.Plugins[PluginNames.InterPodAffinity];

        foreach (var ns in new[] { "default", "other" })
            foreach (var app in new[] { "x", "y", "z" })
            {
                V1Pod incoming = PodBuilder.Make("in", ns).Uid("in-" + ns + app).Label("app", app);
                var state = new CycleState();
                var nodeInfos = fw.Snapshot.NodeInfos;
                fw.RunPreFilterPlugins(state, incoming, nodeInfos, out _, new HashSet<string>());
                var preScore = ((IPreScorePlugin)plugin).PreScore(state, incoming, nodeInfos);
                foreach (var node in nodes)
                {
                    var ni = fw.Snapshot.Get(node.Metadata.Name)!;
                    var because = $"seed {seed}, pod {ns}/{app} on {node.Metadata.Name}";
                    Assert.True(fw.RunFilterPlugins(state, incoming, ni).IsSuccess == !Blocked(existing, nodes, incoming, node), because);
                    var score = 0L;
                    if (preScore.IsSuccess) ((IScorePlugin)plugin).Score(state, incoming, ni, out score);
                    Assert.True(RawScore(existing, nodes, incoming, node) == score, because + $": score {score}");
                }
            }
    }

    [Fact]
    public void SameTermsOfManyPods_MakeOneGroup_CountedPerDomain()
    {
        var nodes = Nodes();
        var pods = new[] { "a1", "a2", "b1", "nozone" }.Select((n, i) =>
            (V1Pod)PodBuilder.Make($"p{i}").Uid($"p{i}").Node(n).Label("app", "x").PodAffinity(Zone, "app", "x", anti: true));
        var fw = TestFramework.Create(nodes, pods, PluginNames.InterPodAffinity);

        var group = Assert.Single(fw.Snapshot.ExistingTerms.RequiredAntiAffinity);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 2, ["b"] = 1 }, group.PodsByDomain.OrderBy(d => d.Key).ToDictionary());
        Assert.Empty(fw.Snapshot.ExistingTerms.Scoring);
    }

    private static bool Selects(TermSpec t, V1Pod owner, V1Pod target) =>
        (t.Namespaces ?? [owner.Metadata.NamespaceProperty]).Contains(target.Metadata.NamespaceProperty)
        && Label(target.Metadata.Labels, "app") == t.App;

    private static string? Label(IDictionary<string, string>? labels, string key) => labels is not null && labels.TryGetValue(key, out var v) ? v : null;

    private static string? Domain(V1Node[] nodes, string nodeName, string key) =>
        Label(nodes.Single(n => n.Metadata.Name == nodeName).Metadata.Labels, key);

    private static bool SameDomain(V1Node[] nodes, V1Pod existing, V1Node candidate, string key) =>
        Domain(nodes, existing.Spec.NodeName, key) is { } d && Label(candidate.Metadata.Labels, key) == d;

    private static bool Blocked(List<(V1Pod Pod, TermSpec[] Terms)> existing, V1Node[] nodes, V1Pod incoming, V1Node candidate) =>
        existing.Any(e => e.Terms.Any(t => t.Anti && t.Weight is null && Selects(t, e.Pod, incoming) && SameDomain(nodes, e.Pod, candidate, t.TopologyKey)));

    /// <summary>Hard affinity counts 1 (hardPodAffinityWeight), preferred affinity its weight, preferred anti-affinity minus its weight.</summary>
    private static long RawScore(List<(V1Pod Pod, TermSpec[] Terms)> existing, V1Node[] nodes, V1Pod incoming, V1Node candidate) =>
        existing.Sum(e => e.Terms
            .Where(t => !(t.Anti && t.Weight is null) && Selects(t, e.Pod, incoming) && SameDomain(nodes, e.Pod, candidate, t.TopologyKey))
            .Sum(t => t.Weight is null ? 1L : t.Anti ? -t.Weight.Value : t.Weight.Value));
}
