using System.Text.Json.Nodes;
using Wharf.Controllers.Job;

namespace Wharf.Controllers.Tests.Job;

public sealed class PodFailurePolicyTests
{
    private static JsonObject JobWithRules(string rulesJson) => new()
    {
        ["spec"] = new JsonObject { ["podFailurePolicy"] = new JsonObject { ["rules"] = JsonNode.Parse(rulesJson) } },
    };

    private static JsonObject FailedPod(int exitCode, string restartPolicy = "Never", params string[] conditions)
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "ns" },
            ["spec"] = new JsonObject
            {
                ["restartPolicy"] = restartPolicy,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "main" }, new JsonObject { ["name"] = "side" }),
            },
        };
        pod["status"] = PodExits.FailedStatus(pod, exitCode, conditions);
        return pod;
    }

    [Theory]
    [InlineData("in-list", """[{"action":"FailJob","onExitCodes":{"operator":"In","values":[42]}}]""", 42, "FailJob", "Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 0")]
    [InlineData("not-in-list", """[{"action":"FailJob","onExitCodes":{"operator":"In","values":[42]}}]""", 1, null, null)]
    [InlineData("notin", """[{"action":"Ignore","onExitCodes":{"operator":"NotIn","values":[1]}}]""", 7, "Ignore", "Container main for pod ns/p failed with exit code 7 matching Ignore rule at index 0")]
    [InlineData("notin-excluded", """[{"action":"Ignore","onExitCodes":{"operator":"NotIn","values":[7]}}]""", 7, null, null)]
    [InlineData("named-container", """[{"action":"Count","onExitCodes":{"containerName":"side","operator":"In","values":[3]}}]""", 3, "Count", "Container side for pod ns/p failed with exit code 3 matching Count rule at index 0")]
    [InlineData("other-container", """[{"action":"FailJob","onExitCodes":{"containerName":"absent","operator":"In","values":[3]}}]""", 3, null, null)]
    [InlineData("first-rule-wins", """[{"action":"Ignore","onExitCodes":{"operator":"In","values":[2]}},{"action":"FailJob","onExitCodes":{"operator":"In","values":[2]}}]""", 2, "Ignore", "Container main for pod ns/p failed with exit code 2 matching Ignore rule at index 0")]
    [InlineData("second-rule", """[{"action":"Ignore","onExitCodes":{"operator":"In","values":[9]}},{"action":"FailIndex","onExitCodes":{"operator":"In","values":[2]}}]""", 2, "FailIndex", "Container main for pod ns/p failed with exit code 2 matching FailIndex rule at index 1")]
    [InlineData("zero-never-matches", """[{"action":"FailJob","onExitCodes":{"operator":"NotIn","values":[1]}}]""", 0, null, null)]
    public void ExitCodes_MatchInOrder(string name, string rules, int exitCode, string? action, string? message)
    {
        _ = name;
        var match = PodFailurePolicy.Match(JobWithRules(rules), FailedPod(exitCode));
        Assert.Equal(action, match?.Action);
        Assert.Equal(message, match?.Message);
    }

    [Theory]
    [InlineData("condition-present", "DisruptionTarget", "Ignore")]
    [InlineData("condition-absent", null, null)]
    public void PodConditions_Match(string name, string? condition, string? action)
    {
        _ = name;
        var rules = """[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}]""";
        var pod = condition is null ? FailedPod(1) : FailedPod(1, "Never", condition);
        var match = PodFailurePolicy.Match(JobWithRules(rules), pod);
        Assert.Equal(action, match?.Action);
        if (match is not null) Assert.Equal("Pod ns/p has condition DisruptionTarget matching Ignore rule at index 0", match.Message);
    }

    [Theory]
    [InlineData("restart-on-failure", "OnFailure", "Failed")]
    [InlineData("still-running", "Never", "Running")]
    public void NonTerminalOrRestartingPods_NeverMatch(string name, string restartPolicy, string phase)
    {
        _ = name;
        var pod = FailedPod(42, restartPolicy);
        pod["status"]!["phase"] = phase;
        Assert.Null(PodFailurePolicy.Match(JobWithRules("""[{"action":"FailJob","onExitCodes":{"operator":"In","values":[42]}}]"""), pod));
    }

    [Fact]
    public void IndexFailures_NextCounts_SkipIgnoredFailures_AndBuildOnTheAnnotation()
    {
        var job = JobWithRules("""[{"action":"Ignore","onExitCodes":{"operator":"In","values":[5]}}]""");
        JsonObject Pod(int index, int before, int exit)
        {
            var pod = FailedPod(exit);
            pod["metadata"]!["annotations"] = new JsonObject
            {
                [JobLabels.CompletionIndex] = index.ToString(),
                [IndexFailures.FailureCountAnnotation] = before.ToString(),
            };
            return pod;
        }
        var counts = IndexFailures.NextCounts(job, [Pod(0, 0, 1), Pod(0, 1, 1), Pod(1, 0, 5)]);
        Assert.Equal(2, counts[0]);
        Assert.Equal(0, counts[1]);
        Assert.True(IndexFailures.ExhaustsIndex(Pod(0, 1, 1), PodFailurePolicy.Count, limit: 1));
        Assert.False(IndexFailures.ExhaustsIndex(Pod(0, 0, 1), PodFailurePolicy.Count, limit: 1));
        Assert.True(IndexFailures.ExhaustsIndex(Pod(0, 0, 1), PodFailurePolicy.FailIndex, limit: 9));

        // From the pods alone: index 0 exhausted its single retry; index 1's failure was ignored; index 2 is beyond completions.
        Assert.Equal([0], IndexFailures.Exhausted(job, [Pod(0, 1, 1), Pod(1, 5, 5), Pod(2, 5, 1)], completions: 2, limit: 1).Distinct());
    }
}
