using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Disruption;

/// <summary>
/// A PodDisruptionBudget's status as upstream's disruption controller computes it, and the JSON it writes. The
/// eviction endpoint reads disruptionsAllowed, desiredHealthy, currentHealthy and observedGeneration, and adds to
/// disruptedPods (pod name → time); entries the controller keeps are the pods it still expects to go.
/// </summary>
public static class PdbStatus
{
    public const string ConditionType = "DisruptionAllowed";
    public const string SufficientPods = "SufficientPods";
    public const string InsufficientPods = "InsufficientPods";
    public const string SyncFailed = "SyncFailed";

    /// <summary>How long an evicted pod may take to get its deletionTimestamp before it counts as healthy again.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>(expectedPods, desiredHealthy) from maxUnavailable or minAvailable; <paramref name="expectedScale"/> counts controller replicas.</summary>
    public static (int Expected, int DesiredHealthy) Desired(JsonObject pdb, IReadOnlyList<JsonObject> pods, Func<IReadOnlyList<JsonObject>, int> expectedScale)
    {
        var spec = pdb["spec"] as JsonObject;
        if (spec?["maxUnavailable"] is { } maxUnavailable)
        {
            var expected = expectedScale(pods);
            var unavailable = Scaled(maxUnavailable, expected);
            return (expected, Math.Max(0, expected - unavailable));
        }
        if (spec?["minAvailable"] is { } minAvailable)
        {
            if (!IntOrPercent.IsPercent(minAvailable)) return (pods.Count, Scaled(minAvailable, pods.Count));
            var expected = expectedScale(pods);
            return (expected, Scaled(minAvailable, expected));
        }
        return (0, 0);
    }

    /// <summary>
    /// The disruptedPods entries still pending (the pod exists, is not yet being deleted, and its timeout has not
    /// passed), the pods whose timeout passed without a delete, and when the next entry expires.
    /// </summary>
    public static (JsonObject Pending, IReadOnlyList<JsonObject> NotDeleted, DateTimeOffset? Recheck) Disrupted(
        JsonObject pdb, IReadOnlyList<JsonObject> pods, DateTimeOffset now)
    {
        var pending = new JsonObject();
        var notDeleted = new List<JsonObject>();
        DateTimeOffset? recheck = null;
        if (pdb["status"]?["disruptedPods"] is not JsonObject recorded) return (pending, notDeleted, recheck);
        foreach (var pod in pods)
        {
            var name = ObjectMeta.Name(pod)!;
            if (ObjectMeta.IsBeingDeleted(pod) || JsonHelpers.ParseTime(recorded[name].Str()) is not { } at) continue;
            var expires = at + DeletionTimeout;
            if (expires < now)
            {
                notDeleted.Add(pod);
                continue;
            }
            pending[name] = recorded[name]!.DeepClone();
            if (recheck is null || expires < recheck) recheck = expires;
        }
        return (pending, notDeleted, recheck);
    }

    /// <summary>Ready pods that are neither being deleted nor pending disruption.</summary>
    public static int CurrentHealthy(IReadOnlyList<JsonObject> pods, JsonObject pendingDisruptions) =>
        pods.Count(p => !ObjectMeta.IsBeingDeleted(p) && !pendingDisruptions.ContainsKey(ObjectMeta.Name(p)!) && IsReady(p));

    public static int DisruptionsAllowed(int currentHealthy, int desiredHealthy, int expected) =>
        expected <= 0 ? 0 : Math.Max(0, currentHealthy - desiredHealthy);

    /// <summary>The whole new status; the condition keeps its lastTransitionTime when its status does not change.</summary>
    public static JsonObject Build(JsonObject pdb, int expected, int desiredHealthy, int currentHealthy, JsonObject pendingDisruptions, DateTimeOffset now)
    {
        var allowed = DisruptionsAllowed(currentHealthy, desiredHealthy, expected);
        var generation = pdb["metadata"]?["generation"]?.DeepClone() ?? 0;
        var status = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["disruptionsAllowed"] = allowed,
            ["currentHealthy"] = currentHealthy,
            ["desiredHealthy"] = desiredHealthy,
            ["expectedPods"] = expected,
        };
        if (pendingDisruptions.Count > 0) status["disruptedPods"] = pendingDisruptions;
        status["conditions"] = Conditions(pdb, allowed > 0 ? "True" : "False", allowed > 0 ? SufficientPods : InsufficientPods, "",
            generation.DeepClone(), now);
        return status;
    }

    /// <summary>Upstream's failSafe: no disruptions, the condition says why; observedGeneration is not advanced.</summary>
    public static JsonObject FailSafe(JsonObject pdb, string message, DateTimeOffset now)
    {
        var status = pdb["status"] is JsonObject existing ? (JsonObject)existing.DeepClone() : new JsonObject();
        status["disruptionsAllowed"] = 0;
        status["conditions"] = Conditions(pdb, "False", SyncFailed, message, status["observedGeneration"]?.DeepClone() ?? 0, now);
        return status;
    }

    private static JsonArray Conditions(JsonObject pdb, string status, string reason, string message, JsonNode observedGeneration, DateTimeOffset now)
    {
        var others = pdb["status"]?["conditions"] is JsonArray list
            ? list.OfType<JsonObject>().Where(c => c["type"].Str() != ConditionType).Select(c => c.DeepClone()).ToList()
            : [];
        var previous = pdb["status"]?["conditions"] is JsonArray l
            ? l.OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == ConditionType)
            : null;
        var transition = previous?["status"].Str() == status && previous["lastTransitionTime"].Str() is { } t ? t : JsonHelpers.Timestamp(now);
        others.Add(new JsonObject
        {
            ["type"] = ConditionType,
            ["status"] = status,
            ["observedGeneration"] = observedGeneration,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        });
        return new JsonArray([.. others]);
    }

    private static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray list
        && list.OfType<JsonObject>().Any(c => c["type"].Str() == "Ready" && c["status"].Str() == "True");

    private static int Scaled(JsonNode value, int total)
    {
        try
        {
            return IntOrPercent.Scaled(value, total, roundUp: true);
        }
        catch (FormatException e)
        {
            throw new PdbSyncException(e.Message);
        }
    }
}
