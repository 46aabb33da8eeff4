using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry.Core;

namespace Wharf.ApiServer.Registry.Apps;

/// <summary>
/// The defaults upstream's apps/v1 and batch/v1 defaulting applies (SetDefaults_Deployment, _ReplicaSet, _StatefulSet,
/// _DaemonSet, _Job, _CronJob), including the pod template's PodSpec defaults.
/// </summary>
public static class WorkloadDefaults
{
    public static void Apply(string kind, JsonObject obj)
    {
        var spec = obj.Obj("spec");
        switch (kind)
        {
            case "Deployment":
                spec.Default("replicas", 1);
                var strategy = spec.Obj("strategy");
                strategy.Default("type", "RollingUpdate");
                if (strategy.Str("type") == "RollingUpdate")
                {
                    var rolling = strategy.Obj("rollingUpdate");
                    rolling.Default("maxUnavailable", "25%");
                    rolling.Default("maxSurge", "25%");
                }
                spec.Default("revisionHistoryLimit", 10);
                spec.Default("progressDeadlineSeconds", 600);
                break;
            case "ReplicaSet" or "ReplicationController":
                spec.Default("replicas", 1);
                if (kind == "ReplicationController" && spec["selector"] is null && spec["template"]?["metadata"]?["labels"] is JsonObject labels)
                    spec["selector"] = labels.DeepClone();
                break;
            case "StatefulSet":
                spec.Default("replicas", 1);
                spec.Default("podManagementPolicy", "OrderedReady");
                var update = spec.Obj("updateStrategy");
                update.Default("type", "RollingUpdate");
                if (update.Str("type") == "RollingUpdate") update.Obj("rollingUpdate").Default("partition", 0);
                spec.Default("revisionHistoryLimit", 10);
                spec.Default("persistentVolumeClaimRetentionPolicy", new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" });
                break;
            case "DaemonSet":
                var dsUpdate = spec.Obj("updateStrategy");
                dsUpdate.Default("type", "RollingUpdate");
                if (dsUpdate.Str("type") == "RollingUpdate")
                {
                    var rolling = dsUpdate.Obj("rollingUpdate");
                    rolling.Default("maxUnavailable", 1);
                    rolling.Default("maxSurge", 0);
                }
                spec.Default("revisionHistoryLimit", 10);
                break;
            case "Job":
                DefaultJobSpec(spec);
                return;
            case "CronJob":
                spec.Default("concurrencyPolicy", "Allow");
                spec.Default("suspend", false);
                spec.Default("successfulJobsHistoryLimit", 3);
                spec.Default("failedJobsHistoryLimit", 1);
                if (spec["jobTemplate"] is JsonObject jobTemplate)
                    DefaultJobSpec(jobTemplate.Obj("spec"));
                return;
        }
        if (spec["template"] is JsonObject template)
            PodSpecDefaults.Apply(template.Obj("spec"));
    }

    private static void DefaultJobSpec(JsonObject spec)
    {
        // Upstream: both default to 1 unless a work-queue job leaves completions unset and sets parallelism.
        if (spec["completions"] is null && spec["parallelism"] is null)
            spec["completions"] = 1;
        spec.Default("parallelism", 1);
        // With a per-index limit the Job-wide one would only get in its way: upstream defaults it to MaxInt32 then.
        spec.Default("backoffLimit", spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue);
        spec.Default("completionMode", "NonIndexed");
        spec.Default("suspend", false);
        // With a pod failure policy only Failed is allowed, so upstream defaults to it there.
        spec.Default("podReplacementPolicy", spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed");
        // Upstream defaults a pod-condition pattern's status to True.
        foreach (var rule in (spec["podFailurePolicy"]?["rules"] as JsonArray ?? []).OfType<JsonObject>())
            foreach (var pattern in (rule["onPodConditions"] as JsonArray ?? []).OfType<JsonObject>())
                pattern.Default("status", "True");
        if (spec["template"] is JsonObject template)
            PodSpecDefaults.Apply(template.Obj("spec"));
    }
}
