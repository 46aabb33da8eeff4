using System.Text.Json.Nodes;
using Wharf.Controllers.Job;

namespace Wharf.Controllers.Tests.Job;

public sealed class JobPodsTests
{
    private static JsonObject Pod(string phase, bool deleting) => new()
    {
        ["metadata"] = deleting ? new JsonObject { ["deletionTimestamp"] = "2026-01-01T00:00:00Z" } : new JsonObject(),
        ["status"] = new JsonObject { ["phase"] = phase },
    };

    private static JsonObject Job(string? replacementPolicy, bool withFailurePolicy)
    {
        var spec = new JsonObject();
        if (replacementPolicy is not null) spec["podReplacementPolicy"] = replacementPolicy;
        if (withFailurePolicy) spec["podFailurePolicy"] = new JsonObject { ["rules"] = new JsonArray() };
        return new JsonObject { ["spec"] = spec };
    }

    [Theory]
    [InlineData("Running", true, "TerminatingOrFailed", false, true)]
    [InlineData("Running", true, "Failed", false, false)]
    [InlineData("Running", true, null, true, false)]
    [InlineData("Failed", true, null, true, true)]
    [InlineData("Succeeded", true, "TerminatingOrFailed", false, false)]
    [InlineData("Running", false, "TerminatingOrFailed", false, false)]
    [InlineData("Failed", false, "Failed", false, true)]
    public void IsFailed_CountsTerminatingPodsOnlyWhenTheJobReplacesThem(string phase, bool deleting, string? replacementPolicy, bool withFailurePolicy, bool expected) =>
        Assert.Equal(expected, JobPods.IsFailed(Pod(phase, deleting), Job(replacementPolicy, withFailurePolicy)));

    [Fact]
    public void FinishedAt_IsTheLastContainerFinish()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"creationTimestamp":"2026-01-01T00:00:00Z","deletionTimestamp":"2026-01-01T00:09:00Z"},
             "status":{"containerStatuses":[{"state":{"terminated":{"finishedAt":"2026-01-01T00:05:00Z"}}},
                                            {"state":{"terminated":{"finishedAt":"2026-01-01T00:07:00Z"}}}]}}
            """)!.AsObject();
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:07:00Z"), JobPods.FinishedAt(pod));
    }

    [Fact]
    public void FinishedAt_FallsBackToTheDeletionTime()
    {
        var pod = JsonNode.Parse("""{"metadata":{"creationTimestamp":"2026-01-01T00:00:00Z","deletionTimestamp":"2026-01-01T00:09:00Z"},"status":{}}""")!.AsObject();
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:09:00Z"), JobPods.FinishedAt(pod));
    }
}
