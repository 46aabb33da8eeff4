using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>
/// How controllers take a pod away (taint eviction, pod GC): first a status patch that says why (the
/// DisruptionTarget condition, and phase Failed where the pod can no longer finish by itself), then the delete.
/// The pod's uid guards both, so a new pod of the same name is never hit.
/// </summary>
public static class PodDisruption
{
    public const string ConditionType = "DisruptionTarget";

    /// <summary>A strategic-merge status patch adding DisruptionTarget=True (when <paramref name="reason"/> is set) and the phase.</summary>
    public static JsonObject StatusPatch(JsonObject pod, string? reason, string? message, string? phase, DateTimeOffset now)
    {
        var status = new JsonObject();
        if (phase is not null) status["phase"] = phase;
        if (reason is not null)
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = ConditionType,
                ["status"] = "True",
                ["reason"] = reason,
                ["message"] = message,
                ["lastTransitionTime"] = JsonHelpers.Timestamp(now),
            });
        }
        return new JsonObject { ["metadata"] = new JsonObject { ["uid"] = ObjectMeta.Uid(pod) }, ["status"] = status };
    }

    /// <summary>Patches (when <paramref name="statusPatch"/> has anything to say) then deletes; false when the pod was already gone.</summary>
    public static async Task<bool> PatchAndDeleteAsync(IApiClient client, JsonObject pod, JsonObject? statusPatch, long? gracePeriodSeconds, CancellationToken ct)
    {
        var ns = ObjectMeta.Namespace(pod);
        var name = ObjectMeta.Name(pod)!;
        try
        {
            if (statusPatch?["status"] is JsonObject { Count: > 0 })
                await client.PatchAsync(Resource.Pods, ns, name, PatchType.StrategicMerge, statusPatch, new PatchOptions { Subresource = "status" }, ct);
            await client.DeleteAsync(Resource.Pods, ns, name, new DeleteOptions { GracePeriodSeconds = gracePeriodSeconds, PreconditionUid = ObjectMeta.Uid(pod) }, ct);
            return true;
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }
}
