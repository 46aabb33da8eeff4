using System.Text.Json.Nodes;
using Wharf.Controllers.NodeLifecycle;
using static Wharf.Controllers.Tests.NodeLifecycle.NodeObjects;

namespace Wharf.Controllers.Tests.NodeLifecycle;

public sealed class ZonesTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

    private static JsonObject Labelled(string name, string ready, params (string Key, string Value)[] labels)
    {
        var node = Node(name, conditions: [$"Ready={ready}"]);
        node["metadata"]!["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value))));
        return node;
    }

    [Theory]
    [InlineData(3, 0, ZoneState.Normal)]
    [InlineData(0, 1, ZoneState.FullDisruption)]
    [InlineData(1, 2, ZoneState.Normal)] // two not-ready nodes never make a partial disruption
    [InlineData(2, 3, ZoneState.PartialDisruption)] // 3/5 = 0.6 >= 0.55
    [InlineData(3, 3, ZoneState.Normal)] // 3/6 = 0.5 < 0.55
    [InlineData(0, 0, ZoneState.Normal)]
    public void StateOf_FollowsUpstreamsThresholds(int ready, int notReady, ZoneState expected) =>
        Assert.Equal(expected, Zones.StateOf(ready, notReady, 0.55));

    [Fact]
    public void KeyOf_JoinsRegionAndZone_PreferringTheBetaLabels()
    {
        Assert.Equal("r1:\0:z1", Zones.KeyOf(Labelled("a", "True", ("topology.kubernetes.io/region", "r1"), ("topology.kubernetes.io/zone", "z1"))));
        Assert.Equal("old:\0:z1", Zones.KeyOf(Labelled("a", "True", ("failure-domain.beta.kubernetes.io/region", "old"), ("topology.kubernetes.io/region", "r1"), ("topology.kubernetes.io/zone", "z1"))));
        Assert.Equal("", Zones.KeyOf(Labelled("a", "True")));
    }

    [Fact]
    public void Compute_CountsEachZoneApart()
    {
        var zone = ("topology.kubernetes.io/zone", "z1");
        var states = Zones.Compute([
            Labelled("a", "False", zone), Labelled("b", "Unknown", zone),
            Labelled("c", "True"), Labelled("d", "False"),
        ], 0.55);
        Assert.Equal((ZoneState.FullDisruption, 2), states[":\0:z1"]);
        Assert.Equal((ZoneState.Normal, 2), states[""]);
    }

    [Fact]
    public void Limiter_GivesOneTokenPerIntervalPerZone()
    {
        var limiter = new ZoneTaintLimiter();
        Assert.True(limiter.TryTake("z", 0.1, T0, out _));
        Assert.False(limiter.TryTake("z", 0.1, T0.AddSeconds(4), out var wait));
        Assert.Equal(TimeSpan.FromSeconds(6), wait);
        Assert.True(limiter.TryTake("other", 0.1, T0.AddSeconds(4), out _));
        Assert.True(limiter.TryTake("z", 0.1, T0.AddSeconds(10), out _));
        Assert.False(limiter.TryTake("z", 0, T0.AddHours(1), out var never));
        Assert.Null(never);
    }

    [Theory]
    [InlineData(ZoneState.Normal, 10, 0.1)]
    [InlineData(ZoneState.FullDisruption, 10, 0.1)]
    [InlineData(ZoneState.PartialDisruption, 50, 0)]
    [InlineData(ZoneState.PartialDisruption, 51, 0.01)]
    public void RateFor_SlowsOrStopsTaintingInAPartiallyDisruptedZone(ZoneState state, int size, double rate) =>
        Assert.Equal(rate, NodeLifecycleSettings.Default.RateFor(state, size));
}
