using System.Text.Json.Nodes;

namespace Wharf.Controllers.Tests.Job;

/// <summary>Job manifests for the batch controller tests.</summary>
internal static class BatchObjects
{
    public static JsonObject JobSpec(int? completions = 1, int parallelism = 1, int backoffLimit = 6, long? activeDeadlineSeconds = null, bool suspend = false, int? ttl = null)
    {
        var spec = new JsonObject
        {
            ["parallelism"] = parallelism,
            ["backoffLimit"] = backoffLimit,
            ["suspend"] = suspend,
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "batch" } },
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "Never",
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox:1.36" }),
                },
            },
        };
        if (completions is { } c) spec["completions"] = c;
        if (activeDeadlineSeconds is { } ads) spec["activeDeadlineSeconds"] = ads;
        if (ttl is { } t) spec["ttlSecondsAfterFinished"] = t;
        return spec;
    }

    public static JsonObject Job(string ns, string name, JsonObject spec) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = spec,
    };
}
