using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Job;

/// <summary>How the Job controller sees one of its pods (upstream's filters in job_controller.go).</summary>
public static class JobPods
{
    public static string? Phase(JsonObject pod) => pod["status"]?["phase"].Str();

    public static bool HasTrackingFinalizer(JsonObject pod) => ObjectMeta.Finalizers(pod).Contains(JobLabels.TrackingFinalizer);

    /// <summary>Running or about to: neither finished nor being deleted.</summary>
    public static bool IsActive(JsonObject pod) => Phase(pod) is not ("Succeeded" or "Failed") && !ObjectMeta.IsBeingDeleted(pod);

    /// <summary>Being deleted but not finished yet (status.terminating).</summary>
    public static bool IsTerminating(JsonObject pod) => Phase(pod) is not ("Succeeded" or "Failed") && ObjectMeta.IsBeingDeleted(pod);

    public static bool IsSucceeded(JsonObject pod) => Phase(pod) == "Succeeded";

    /// <summary>
    /// Failed, or deleted before it succeeded: with podReplacementPolicy TerminatingOrFailed a terminating pod is
    /// already counted as a failure and replaced. When the Job only replaces failed pods (policy Failed, which a
    /// podFailurePolicy implies) a deleted pod counts once it reached phase Failed, so the policy's rules (e.g. a
    /// DisruptionTarget condition) can judge it.
    /// </summary>
    public static bool IsFailed(JsonObject pod, JsonObject job) =>
        Phase(pod) == "Failed" || (!OnlyReplacesFailed(job) && ObjectMeta.IsBeingDeleted(pod) && Phase(pod) != "Succeeded");

    /// <summary>Upstream's onlyReplaceFailedPods: podReplacementPolicy Failed, or any podFailurePolicy.</summary>
    public static bool OnlyReplacesFailed(JsonObject job) =>
        job["spec"]?["podReplacementPolicy"].Str() == "Failed" || job["spec"]?["podFailurePolicy"] is JsonObject;

    /// <summary>
    /// When the pod finished (upstream's getFinishedTime): the last container's finishedAt, else when Ready went
    /// False, else its deletion time, else its creation.
    /// </summary>
    public static DateTimeOffset FinishedAt(JsonObject pod)
    {
        var status = pod["status"];
        var finished = ((status?["containerStatuses"] as JsonArray) ?? [])
            .Select(c => JsonHelpers.ParseTime(c?["state"]?["terminated"]?["finishedAt"].Str()))
            .Where(t => t is not null).Max();
        finished ??= ((status?["conditions"] as JsonArray) ?? []).OfType<JsonObject>()
            .Where(c => c["type"].Str() == "Ready" && c["status"].Str() == "False")
            .Select(c => JsonHelpers.ParseTime(c["lastTransitionTime"].Str())).FirstOrDefault();
        finished ??= JsonHelpers.ParseTime(pod["metadata"]?["deletionTimestamp"].Str());
        return finished ?? JsonHelpers.ParseTime(pod["metadata"]?["creationTimestamp"].Str()) ?? DateTimeOffset.MinValue;
    }

    public static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => c["type"].Str() == "Ready" && c["status"].Str() == "True") == true;

    /// <summary>The job's template with the job labels and the tracking finalizer added.</summary>
    public static JsonObject Template(JsonObject job)
    {
        var template = job["spec"]?["template"]?.DeepClone() as JsonObject ?? new JsonObject();
        var meta = template.Obj("metadata");
        var labels = meta.Obj("labels");
        var name = ObjectMeta.Name(job);
        var uid = ObjectMeta.Uid(job);
        labels[JobLabels.ControllerUid] = uid;
        labels[JobLabels.JobName] = name;
        labels[JobLabels.LegacyControllerUid] = uid;
        labels[JobLabels.LegacyJobName] = name;
        var finalizers = meta["finalizers"] as JsonArray ?? [];
        if (!finalizers.Any(f => f.Str() == JobLabels.TrackingFinalizer)) finalizers.Add(JobLabels.TrackingFinalizer);
        meta["finalizers"] = finalizers;
        return template;
    }
}
