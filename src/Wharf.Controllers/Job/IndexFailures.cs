using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Job;

/// <summary>
/// backoffLimitPerIndex bookkeeping for Indexed Jobs: each pod carries how many counted failures its index had
/// before it (upstream's job-index-failure-count annotation), so the next failure can be compared with the limit.
/// </summary>
public static class IndexFailures
{
    public const string FailureCountAnnotation = "batch.kubernetes.io/job-index-failure-count";

    public static int? PerIndexLimit(JsonObject job) =>
        job["spec"]?["backoffLimitPerIndex"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    public static int? MaxFailedIndexes(JsonObject job) =>
        job["spec"]?["maxFailedIndexes"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    /// <summary>Counted failures of the pod's index before this pod ran.</summary>
    public static int Before(JsonObject pod) =>
        int.TryParse(ObjectMeta.Annotation(pod, FailureCountAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>
    /// Whether this failed pod exhausts its index: the policy said FailIndex, or the failures including this one
    /// exceed backoffLimitPerIndex.
    /// </summary>
    public static bool ExhaustsIndex(JsonObject pod, string action, int limit) =>
        action == PodFailurePolicy.FailIndex || Before(pod) + 1 > limit;

    /// <summary>
    /// Indexes that failed pods still present have exhausted; the status may lag behind the pod cache (a stale Job
    /// next to a released pod), and an exhausted index must never get a new pod.
    /// </summary>
    public static IEnumerable<int> Exhausted(JsonObject job, IEnumerable<JsonObject> pods, int completions, int limit)
    {
        foreach (var pod in pods.Where(p => JobPods.Phase(p) == "Failed"))
        {
            if (CompletionIndex.Of(pod) is not { } index || index >= completions) continue;
            var action = PodFailurePolicy.ActionFor(job, pod);
            if (action != PodFailurePolicy.Ignore && ExhaustsIndex(pod, action, limit)) yield return index;
        }
    }

    /// <summary>For each index, its most recently finished failed pod (upstream's lastFailedPod per index).</summary>
    public static Dictionary<int, JsonObject> LastFailedPods(JsonObject job, IEnumerable<JsonObject> pods)
    {
        var last = new Dictionary<int, JsonObject>();
        foreach (var pod in pods.Where(p => JobPods.IsFailed(p, job)))
        {
            if (CompletionIndex.Of(pod) is not { } index) continue;
            if (!last.TryGetValue(index, out var seen) || JobPods.FinishedAt(pod) > JobPods.FinishedAt(seen)) last[index] = pod;
        }
        return last;
    }

    /// <summary>
    /// How long the index of <paramref name="lastFailed"/> must still wait: the backoff for its failures so far
    /// (this one included), counted from when it finished.
    /// </summary>
    public static TimeSpan RemainingBackoff(JsonObject lastFailed, PodFailureBackoff backoff, DateTimeOffset now)
    {
        var left = JobPods.FinishedAt(lastFailed) + backoff.Delay(Before(lastFailed) + 1) - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>For each index, the failure count the next pod of that index starts with; ignored failures do not count.</summary>
    public static Dictionary<int, int> NextCounts(JsonObject job, IEnumerable<JsonObject> pods)
    {
        var counts = new Dictionary<int, int>();
        foreach (var pod in pods.Where(p => JobPods.IsFailed(p, job)))
        {
            if (CompletionIndex.Of(pod) is not { } index) continue;
            var counted = PodFailurePolicy.ActionFor(job, pod) == PodFailurePolicy.Ignore ? 0 : 1;
            counts[index] = Math.Max(counts.GetValueOrDefault(index), Before(pod) + counted);
        }
        return counts;
    }
}
