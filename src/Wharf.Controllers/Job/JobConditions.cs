using System.Text.Json.Nodes;

namespace Wharf.Controllers.Job;

/// <summary>Reads and writes Job status conditions; condition types, reasons and messages are upstream's.</summary>
public static class JobConditions
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";
    public const string FailureTarget = "FailureTarget";
    public const string Suspended = "Suspended";

    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string CompletionsReached = "CompletionsReached";
    public const string PodFailurePolicy = "PodFailurePolicy";
    public const string FailedIndexes = "FailedIndexes";
    public const string MaxFailedIndexesExceeded = "MaxFailedIndexesExceeded";
    public const string SuccessPolicy = "SuccessPolicy";

    public const string BackoffLimitExceededMessage = "Job has reached the specified backoff limit";
    public const string DeadlineExceededMessage = "Job was active longer than specified deadline";
    public const string CompletionsReachedMessage = "Reached expected number of succeeded pods";
    public const string FailedIndexesMessage = "Job has failed indexes";
    public const string MaxFailedIndexesExceededMessage = "Job has exceeded the specified maximal number of failed indexes";

    public static string SuccessPolicyMessage(int rule) => $"Matched rules at index {rule.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static JsonObject? Find(JsonNode? status, string type) =>
        (status?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == type);

    public static bool IsTrue(JsonNode? status, string type) => Find(status, type)?["status"].Str() == "True";

    /// <summary>Complete or Failed is true: the Job will not run pods again.</summary>
    public static bool IsFinished(JsonObject job) => IsTrue(job["status"], Complete) || IsTrue(job["status"], Failed);

    /// <summary>
    /// Sets a condition; an existing one of the type keeps its lastTransitionTime unless its status changes.
    /// Returns whether anything changed.
    /// </summary>
    public static bool Set(JsonObject status, string type, string conditionStatus, string reason, string message, DateTimeOffset now)
    {
        var conditions = status["conditions"] as JsonArray;
        if (conditions is null)
        {
            conditions = [];
            status["conditions"] = conditions;
        }
        var stamp = JsonHelpers.Timestamp(now);
        var existing = Find(status, type);
        if (existing is not null)
        {
            if (existing["status"].Str() == conditionStatus && existing["reason"].Str() == reason && existing["message"].Str() == message) return false;
            if (existing["status"].Str() != conditionStatus) existing["lastTransitionTime"] = stamp;
            existing["status"] = conditionStatus;
            existing["reason"] = reason;
            existing["message"] = message;
            existing["lastProbeTime"] = stamp;
            return true;
        }
        conditions.Add(new JsonObject
        {
            ["type"] = type,
            ["status"] = conditionStatus,
            ["lastProbeTime"] = stamp,
            ["lastTransitionTime"] = stamp,
            ["reason"] = reason,
            ["message"] = message,
        });
        return true;
    }
}
