using System.Text.Json.Nodes;
using Wharf.Controllers.Job;

namespace Wharf.Controllers.Tests.Job;

public sealed class CompletionIndexTests
{
    [Theory]
    [InlineData("empty", new int[0], "")]
    [InlineData("single", new[] { 3 }, "3")]
    [InlineData("run", new[] { 0, 1, 2 }, "0-2")]
    [InlineData("runs and singles unordered", new[] { 7, 0, 2, 3, 4, 9, 8 }, "0,2-4,7-9")]
    public void Format_WritesOrderedIntervals(string name, int[] indexes, string expected)
    {
        _ = name;
        Assert.Equal(expected, CompletionIndex.Format(indexes));
    }

    [Theory]
    [InlineData("intervals", "0,2-4,7", 10, new[] { 0, 2, 3, 4, 7 })]
    [InlineData("beyond completions dropped", "1,3-6", 5, new[] { 1, 3, 4 })]
    [InlineData("malformed parts skipped", "x,2,3-y", 5, new[] { 2 })]
    [InlineData("missing", null, 5, new int[0])]
    public void Parse_ReadsIntervalsBelowCompletions(string name, string? text, int completions, int[] expected)
    {
        _ = name;
        Assert.Equal(expected, CompletionIndex.Parse(text, completions));
    }

    [Fact]
    public void Template_AddsIndexAnnotationLabelEnvAndHostname()
    {
        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "x" } },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main" }) },
        };
        var indexed = CompletionIndex.Template(template, "work", 4);
        Assert.Equal("4", indexed["metadata"]!["annotations"]![JobLabels.CompletionIndex]!.GetValue<string>());
        Assert.Equal("4", indexed["metadata"]!["labels"]![JobLabels.CompletionIndex]!.GetValue<string>());
        Assert.Equal("work-4", indexed["spec"]!["hostname"]!.GetValue<string>());
        var env = Assert.Single(indexed["spec"]!["containers"]![0]!["env"]!.AsArray());
        Assert.Equal(CompletionIndex.EnvVar, env!["name"]!.GetValue<string>());
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", env["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>());
        Assert.Null(template["metadata"]!["annotations"]);
    }
}
