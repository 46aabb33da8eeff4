using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Controllers.Tests.Support;

/// <summary>Ends a pod's containers as a kubelet would report it: phase Succeeded (exit 0) or Failed (exit 1).</summary>
internal static class PodOutcomes
{
    public static Task<JsonObject> SucceedAsync(IApiClient client, JsonObject pod) => FinishAsync(client, pod, "Succeeded", 0);

    public static Task<JsonObject> FailAsync(IApiClient client, JsonObject pod) => FinishAsync(client, pod, "Failed", 1);

    private static async Task<JsonObject> FinishAsync(IApiClient client, JsonObject pod, string phase, int exitCode)
    {
        // Re-read so the write is based on the latest version (the hollow kubelet may just have updated it).
        var meta = pod["metadata"]!;
        for (var attempt = 0; ; attempt++)
        {
            var fresh = await client.GetAsync(Resource.Pods, meta["namespace"]!.GetValue<string>(), meta["name"]!.GetValue<string>(), CancellationToken.None);
            var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            var containers = (fresh["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c["name"]?.DeepClone(),
                ["image"] = c["image"]?.DeepClone(),
                ["imageID"] = "",
                ["ready"] = false,
                ["started"] = false,
                ["restartCount"] = 0,
                ["state"] = new JsonObject
                {
                    ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["reason"] = exitCode == 0 ? "Completed" : "Error", ["startedAt"] = now, ["finishedAt"] = now },
                },
            }).ToArray();
            fresh["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["startTime"] = now,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "False", ["lastTransitionTime"] = now, ["reason"] = "PodCompleted" }),
                ["containerStatuses"] = new JsonArray(containers),
            };
            try
            {
                return await client.UpdateStatusAsync(Resource.Pods, fresh, CancellationToken.None);
            }
            catch (ApiException e) when (e.IsConflict && attempt < 20)
            {
            }
        }
    }
}
