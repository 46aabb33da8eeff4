using System.Text.Json.Nodes;
using Wharf.Controllers.Disruption;

namespace Wharf.Controllers.Tests.Disruption;

public sealed class PdbStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 10, 0, TimeSpan.Zero);

    private static JsonObject Pdb(string? minAvailable = null, string? maxUnavailable = null, string? status = null, long generation = 3)
    {
        var spec = new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } };
        if (minAvailable is not null) spec["minAvailable"] = JsonNode.Parse(minAvailable);
        if (maxUnavailable is not null) spec["maxUnavailable"] = JsonNode.Parse(maxUnavailable);
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "b", ["namespace"] = "ns", ["generation"] = generation },
            ["spec"] = spec,
            ["status"] = status is null ? null : JsonNode.Parse(status),
        };
    }

    private static JsonObject Pod(string name, bool ready = true, bool deleting = false)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = "ns" };
        if (deleting) meta["deletionTimestamp"] = "2026-01-01T00:09:00Z";
        return new JsonObject
        {
            ["metadata"] = meta,
            ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }) },
        };
    }

    [Theory]
    [InlineData("50%", 3, true, 2)]
    [InlineData("50%", 3, false, 1)]
    [InlineData("34%", 3, true, 2)]
    [InlineData("100%", 7, true, 7)]
    [InlineData("0%", 7, true, 0)]
    [InlineData("2", 7, true, 2)]
    public void Scaled_RoundsPercentagesAsAsked(string value, int total, bool roundUp, int expected) =>
        Assert.Equal(expected, IntOrPercent.Scaled(JsonNode.Parse(value.EndsWith('%') ? $"\"{value}\"" : value), total, roundUp));

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"5\"")]
    public void Scaled_RefusesStringsThatAreNotPercentages(string value) =>
        Assert.Throws<FormatException>(() => IntOrPercent.Scaled(JsonNode.Parse(value), 10, true));

    [Theory]
    [InlineData("minAvailable int counts pods", "2", null, 5, 3, 2)]
    [InlineData("minAvailable percent rounds up over the scale", "\"50%\"", null, 5, 5, 3)]
    [InlineData("maxUnavailable int", null, "1", 5, 5, 4)]
    [InlineData("maxUnavailable percent rounds up", null, "\"25%\"", 5, 5, 3)]
    [InlineData("maxUnavailable over the scale floors at zero", null, "10", 5, 5, 0)]
    [InlineData("neither", null, null, 5, 0, 0)]
    public void Desired_FromMinAvailableOrMaxUnavailable(string name, string? min, string? max, int scale, int expected, int desired)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var pods = new[] { Pod("a"), Pod("b"), Pod("c") };
        Assert.Equal((expected, desired), PdbStatus.Desired(Pdb(min, max), pods, _ => scale));
    }

    [Fact]
    public void Desired_BadPercentage_FailsTheSync() =>
        Assert.Throws<PdbSyncException>(() => PdbStatus.Desired(Pdb(maxUnavailable: "\"lots\""), [Pod("a")], _ => 1));

    [Theory]
    [InlineData(3, 2, 3, 1)]
    [InlineData(1, 2, 3, 0)]
    [InlineData(3, 0, 0, 0)]
    public void DisruptionsAllowed_IsHealthyMinusDesired_NeverNegative(int healthy, int desired, int expected, int allowed) =>
        Assert.Equal(allowed, PdbStatus.DisruptionsAllowed(healthy, desired, expected));

    [Fact]
    public void Disrupted_KeepsPendingEntries_DropsDeletedAndGoneOnes_AndReportsTimeouts()
    {
        var pdb = Pdb("1", status: """
            {"disruptedPods":{"pending":"2026-01-01T00:09:00Z","late":"2026-01-01T00:07:00Z","deleting":"2026-01-01T00:09:30Z","gone":"2026-01-01T00:09:00Z"}}
            """);
        var pods = new[] { Pod("pending"), Pod("late"), Pod("deleting", deleting: true), Pod("other") };

        var (pending, notDeleted, recheck) = PdbStatus.Disrupted(pdb, pods, Now);

        Assert.Equal(["pending"], pending.Select(kv => kv.Key));
        Assert.Equal(["late"], notDeleted.Select(p => p["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 11, 0, TimeSpan.Zero), recheck);
        // "late" counts as healthy again once its timeout passed; "pending" and "deleting" do not.
        Assert.Equal(2, PdbStatus.CurrentHealthy(pods, pending));
    }

    [Fact]
    public void Build_WritesEveryFieldTheEvictionEndpointReads()
    {
        var status = PdbStatus.Build(Pdb("2"), expected: 3, desiredHealthy: 2, currentHealthy: 3, new JsonObject { ["p"] = "2026-01-01T00:09:00Z" }, Now);

        Assert.Equal(3, status["observedGeneration"]!.GetValue<long>());
        Assert.Equal(1, status["disruptionsAllowed"]!.GetValue<int>());
        Assert.Equal(3, status["currentHealthy"]!.GetValue<int>());
        Assert.Equal(2, status["desiredHealthy"]!.GetValue<int>());
        Assert.Equal(3, status["expectedPods"]!.GetValue<int>());
        Assert.Equal("2026-01-01T00:09:00Z", status["disruptedPods"]!["p"]!.GetValue<string>());
        var condition = status["conditions"]!.AsArray().Single()!;
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods"),
            (condition["type"]!.GetValue<string>(), condition["status"]!.GetValue<string>(), condition["reason"]!.GetValue<string>()));
    }

    [Fact]
    public void Build_KeepsTheTransitionTime_WhileTheConditionHolds()
    {
        var pdb = Pdb("2", status: """{"conditions":[{"type":"DisruptionAllowed","status":"False","reason":"InsufficientPods","lastTransitionTime":"2025-12-31T00:00:00Z"}]}""");

        var same = PdbStatus.Build(pdb, 3, 2, 2, new JsonObject(), Now)["conditions"]![0]!;
        var flipped = PdbStatus.Build(pdb, 3, 2, 3, new JsonObject(), Now)["conditions"]![0]!;

        Assert.Equal("2025-12-31T00:00:00Z", same["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:10:00Z", flipped["lastTransitionTime"]!.GetValue<string>());
    }

    [Fact]
    public void FailSafe_AllowsNothing_AndLeavesObservedGeneration()
    {
        var pdb = Pdb("2", status: """{"observedGeneration":2,"disruptionsAllowed":4,"currentHealthy":6}""");

        var status = PdbStatus.FailSafe(pdb, "found no controller ref for pod \"x\"", Now);

        Assert.Equal(0, status["disruptionsAllowed"]!.GetValue<int>());
        Assert.Equal(2, status["observedGeneration"]!.GetValue<int>());
        var condition = status["conditions"]![0]!;
        Assert.Equal(("False", "SyncFailed"), (condition["status"]!.GetValue<string>(), condition["reason"]!.GetValue<string>()));
    }
}
