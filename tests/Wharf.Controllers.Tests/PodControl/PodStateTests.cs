using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.PodControl;

public sealed class PodStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);

    private static JsonObject Pod(string? readyStatus, string readySince = "2026-01-01T00:00:00Z")
    {
        var conditions = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" });
        if (readyStatus is not null)
            conditions.Add(new JsonObject { ["type"] = "Ready", ["status"] = readyStatus, ["lastTransitionTime"] = readySince });
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p" },
            ["status"] = new JsonObject { ["phase"] = "Running", ["conditions"] = conditions },
        };
    }

    /// <summary>The ReplicaSet counts on the cached JSON; these must answer exactly as the typed predicates do.</summary>
    [Theory]
    [InlineData("ready long enough", "True", "2026-01-01T00:00:00Z", 30, true, true)]
    [InlineData("ready, minReadySeconds not yet passed", "True", "2026-01-01T00:00:45Z", 30, true, false)]
    [InlineData("ready, no minReadySeconds", "True", "2026-01-01T00:00:59Z", 0, true, true)]
    [InlineData("not ready", "False", "2026-01-01T00:00:00Z", 0, false, false)]
    [InlineData("no Ready condition", null, "", 0, false, false)]
    public void JsonPredicatesAgreeWithTheTypedOnes(string name, string? readyStatus, string since, int minReadySeconds, bool ready, bool available)
    {
        _ = name;
        var json = Pod(readyStatus, since);
        var typed = ModelJson.ToModel<V1Pod>(json);

        Assert.Equal(ready, PodState.IsReady(json));
        Assert.Equal(ready, PodState.IsReady(typed));
        Assert.Equal(available, PodState.IsAvailable(json, minReadySeconds, Now));
        Assert.Equal(available, PodState.IsAvailable(typed, minReadySeconds, Now));
    }
}
