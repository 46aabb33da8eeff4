using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Job;

/// <summary>
/// Evaluates spec.podFailurePolicy on a failed pod (upstream's pod_failure_policy.go): the first rule whose
/// onExitCodes or onPodConditions requirement matches decides the action; no match means Count.
/// </summary>
public static class PodFailurePolicy
{
    public const string FailJob = "FailJob";
    public const string FailIndex = "FailIndex";
    public const string Ignore = "Ignore";
    public const string Count = "Count";

    /// <summary>The matched rule's action and upstream's message for it, or null when no rule applies.</summary>
    public static PodFailurePolicyMatch? Match(JsonObject job, JsonObject pod)
    {
        if (job["spec"]?["podFailurePolicy"]?["rules"] is not JsonArray rules) return null;
        // Only a pod that really ended in phase Failed can match; the policy requires restartPolicy Never.
        if (JobPods.Phase(pod) != "Failed" || pod["spec"]?["restartPolicy"].Str() is not (null or "Never")) return null;
        var podKey = $"{ObjectMeta.Namespace(pod)}/{ObjectMeta.Name(pod)}";
        for (var index = 0; index < rules.Count; index++)
        {
            if (rules[index] is not JsonObject rule) continue;
            var action = rule["action"].Str() ?? Count;
            if (rule["onExitCodes"] is JsonObject onExitCodes && MatchingContainer(pod, onExitCodes) is { } container)
            {
                var message = $"Container {container.Name} for pod {podKey} failed with exit code {container.ExitCode.ToString(CultureInfo.InvariantCulture)} matching {action} rule at index {index.ToString(CultureInfo.InvariantCulture)}";
                return new PodFailurePolicyMatch(action, message);
            }
            if (rule["onPodConditions"] is JsonArray patterns && MatchingCondition(pod, patterns) is { } type)
            {
                var message = $"Pod {podKey} has condition {type} matching {action} rule at index {index.ToString(CultureInfo.InvariantCulture)}";
                return new PodFailurePolicyMatch(action, message);
            }
        }
        return null;
    }

    /// <summary>The action that applies to a failed pod: the matched rule's, else Count.</summary>
    public static string ActionFor(JsonObject job, JsonObject pod) => Match(job, pod)?.Action ?? Count;

    /// <summary>Init containers first, then containers; a zero exit code never matches (upstream excludes it).</summary>
    private static (string Name, int ExitCode)? MatchingContainer(JsonObject pod, JsonObject requirement)
    {
        var name = requirement["containerName"].Str();
        var notIn = requirement["operator"].Str() == "NotIn";
        var values = (requirement["values"] as JsonArray ?? []).Select(v => v is JsonValue j && j.TryGetValue<int>(out var i) ? i : (int?)null).ToHashSet();
        foreach (var list in new[] { "initContainerStatuses", "containerStatuses" })
        {
            foreach (var status in (pod["status"]?[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (status["state"]?["terminated"]?["exitCode"] is not JsonValue code || !code.TryGetValue<int>(out var exit) || exit == 0) continue;
                if (name is not null && status["name"].Str() != name) continue;
                if (values.Contains(exit) != notIn) return (status["name"].Str() ?? "", exit);
            }
        }
        return null;
    }

    private static string? MatchingCondition(JsonObject pod, JsonArray patterns)
    {
        var conditions = (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var pattern in patterns.OfType<JsonObject>())
        {
            var type = pattern["type"].Str();
            var wanted = pattern["status"].Str() ?? "True";
            if (conditions.Any(c => c["type"].Str() == type && c["status"].Str() == wanted)) return type;
        }
        return null;
    }
}
