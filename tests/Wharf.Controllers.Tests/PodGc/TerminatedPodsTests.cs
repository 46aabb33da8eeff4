using System.Text.Json.Nodes;
using Wharf.Controllers.PodGc;

namespace Wharf.Controllers.Tests.PodGc;

public sealed class TerminatedPodsTests
{
    private static JsonObject Pod(string name, string phase, string created, string? reason = null) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns", ["creationTimestamp"] = created },
        ["status"] = reason is null ? new JsonObject { ["phase"] = phase } : new JsonObject { ["phase"] = phase, ["reason"] = reason },
    };

    private static readonly JsonObject[] Pods =
    [
        Pod("new-done", "Succeeded", "2026-01-01T00:05:00Z"),
        Pod("old-done", "Succeeded", "2026-01-01T00:01:00Z"),
        Pod("running", "Running", "2026-01-01T00:00:00Z"),
        Pod("mid-failed", "Failed", "2026-01-01T00:03:00Z"),
        Pod("evicted", "Failed", "2026-01-01T00:04:00Z", "Evicted"),
        Pod("b-same-time", "Succeeded", "2026-01-01T00:02:00Z"),
        Pod("a-same-time", "Succeeded", "2026-01-01T00:02:00Z"),
    ];

    [Theory]
    [InlineData("under the threshold", 6, "")]
    [InlineData("at the threshold", 6, "")]
    [InlineData("two over", 4, "evicted,old-done")]
    [InlineData("name breaks ties", 2, "evicted,old-done,a-same-time,b-same-time")]
    [InlineData("disabled", 0, "")]
    public void OverThreshold_TakesEvictedThenOldestFirst(string name, int threshold, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, string.Join(",", TerminatedPods.OverThreshold(Pods, threshold).Select(p => p["metadata"]!["name"]!.GetValue<string>())));
    }
}
