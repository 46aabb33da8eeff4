using System.Text.Json.Nodes;
using Wharf.Controllers.Job;

namespace Wharf.Controllers.Tests.Job;

public sealed class SuccessPolicyTests
{
    [Theory]
    [InlineData("all-listed-done", """[{"succeededIndexes":"0,2"}]""", "0,2", 0)]
    [InlineData("listed-missing-one", """[{"succeededIndexes":"0,2"}]""", "0-1", null)]
    [InlineData("count-of-listed", """[{"succeededIndexes":"1-3","succeededCount":2}]""", "0,2-3", 0)]
    [InlineData("count-of-listed-short", """[{"succeededIndexes":"1-3","succeededCount":2}]""", "0,4", null)]
    [InlineData("count-only", """[{"succeededCount":3}]""", "0,4-5", 0)]
    [InlineData("second-rule", """[{"succeededIndexes":"5"},{"succeededCount":1}]""", "1", 1)]
    public void MatchedRule_IsTheFirstRuleMet(string name, string rules, string completed, int? expected)
    {
        _ = name;
        var job = new JsonObject { ["spec"] = new JsonObject { ["successPolicy"] = new JsonObject { ["rules"] = JsonNode.Parse(rules) } } };
        Assert.Equal(expected, SuccessPolicy.MatchedRule(job, CompletionIndex.Parse(completed, 6), 6));
    }
}
