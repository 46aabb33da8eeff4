using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Controllers.Tests.Job;

/// <summary>
/// Fails a pod as a kubelet would report it, with a chosen exit code and extra pod conditions, which the shared
/// PodOutcomes (exit 1 only) cannot express; podFailurePolicy matches on both.
/// </summary>
internal static class PodExits
{
    public static async Task FailAsync(IApiClient client, JsonObject pod, int exitCode, params string[] trueConditions)
    {
        var meta = pod["metadata"]!;
        for (var attempt = 0; ; attempt++)
        {
            var fresh = await client.GetAsync(Resource.Pods, meta["namespace"]!.GetValue<string>(), meta["name"]!.GetValue<string>(), CancellationToken.None);
            fresh["status"] = FailedStatus(fresh, exitCode, trueConditions);
            try
            {
                await client.UpdateStatusAsync(Resource.Pods, fresh, CancellationToken.None);
                return;
            }
            catch (ApiException e) when (e.IsConflict && attempt < 20)
            {
            }
        }
    }

    /// <summary>A Failed pod status whose every container terminated with <paramref name="exitCode"/>.</summary>
    public static JsonObject FailedStatus(JsonObject pod, int exitCode, params string[] trueConditions)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var conditions = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "False", ["lastTransitionTime"] = now });
        foreach (var type in trueConditions) conditions.Add(new JsonObject { ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now });
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c["name"]?.DeepClone(),
            ["image"] = c["image"]?.DeepClone(),
            ["imageID"] = "",
            ["ready"] = false,
            ["restartCount"] = 0,
            ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["reason"] = "Error", ["startedAt"] = now, ["finishedAt"] = now } },
        }).ToArray();
        return new JsonObject { ["phase"] = "Failed", ["startTime"] = now, ["conditions"] = conditions, ["containerStatuses"] = new JsonArray(containers) };
    }
}
