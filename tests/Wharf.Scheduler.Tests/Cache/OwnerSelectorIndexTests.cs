using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Tests.Cache;

/// <summary>The label-filed owner selectors must find exactly the selectors a test of every owner finds.</summary>
public class OwnerSelectorIndexTests
{
    private static readonly string[] Keys = ["app", "tier", "pod-template-hash"];
    private static readonly string[] Values = ["x", "y", "z", "w"];

    [Theory]
    [InlineData("seed 1", 1)]
    [InlineData("seed 2", 2)]
    [InlineData("seed 3", 3)]
    public void Matching_EqualsTestingEveryOwner_ThroughSetsUpdatesAndDeletes(string name, int seed)
    {
        var rnd = new Random(seed);
        var index = new OwnerSelectorIndex();
        var naive = new Dictionary<string, LabelSelector>();
        var nonEmpty = 0;
        for (var step = 0; step < 600; step++)
        {
            var owner = "o" + rnd.Next(80);
            if (rnd.Next(5) == 0) { index.Remove(owner); naive.Remove(owner); }
            else { var s = RandomSelector(rnd); index.Set(owner, s); naive[owner] = s; }

            var labels = RandomLabels(rnd);
            var expected = naive.Values.Where(s => s.Matches(labels)).ToList();
            var actual = index.Matching(labels);
            Assert.Equal(expected.Count, actual.Count);
            Assert.All(expected, s => Assert.Contains(s, actual));
            if (expected.Count > 0) nonEmpty++;
        }
        Assert.True(nonEmpty > 50, name);
    }

    [Fact]
    public void Matching_NullLabels_FindsOnlyEverythingSelectors()
    {
        var index = new OwnerSelectorIndex();
        index.Set("all", LabelSelector.Everything);
        index.Set("none", LabelSelector.Nothing);
        index.Set("web", LabelSelector.FromMap(new Dictionary<string, string> { ["app"] = "web" }));

        Assert.Same(LabelSelector.Everything, Assert.Single(index.Matching(null)));
    }

    private static Dictionary<string, string>? RandomLabels(Random rnd)
    {
        if (rnd.Next(20) == 0) return null;
        var labels = new Dictionary<string, string>();
        foreach (var key in Keys)
            if (rnd.Next(4) > 0) labels[key] = Values[rnd.Next(Values.Length)];
        return labels;
    }

    private static LabelSelector RandomSelector(Random rnd)
    {
        switch (rnd.Next(12))
        {
            case 0: return LabelSelector.Nothing;
            case 1: return LabelSelector.Everything;
        }
        var s = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(), MatchExpressions = [] };
        foreach (var key in Keys)
            switch (rnd.Next(7))
            {
                case 0 or 1 or 2: s.MatchLabels[key] = Values[rnd.Next(Values.Length)]; break;
                case 3: s.MatchExpressions.Add(SelectorRequirements.Of(key, "In", [.. Values.Where(_ => rnd.Next(2) == 0)])); break;
                case 4: s.MatchExpressions.Add(SelectorRequirements.Of(key, rnd.Next(2) == 0 ? "NotIn" : "Exists", ["x"])); break;
            }
        return LabelSelector.Compile(s);
    }
}
