using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Batch;

/// <summary>
/// CronJobs: a schedule robfig/cron parses, a known concurrency policy, an IANA time zone, a job template whose
/// selector the controller generates, and names short enough for the timestamped Job names.
/// </summary>
internal sealed class CronJobStrategy : ResourceStrategy
{
    /// <summary>The controller appends an 11-character <c>-TIMESTAMP</c>; Job names stop at 63.</summary>
    private const int MaxNameLength = 52;

    public CronJobStrategy()
    {
        HasStatusSubresource = true;
        TracksGeneration = true;
        WorkloadKind = "CronJob";
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var schedule = spec.Str("schedule");
        if (string.IsNullOrEmpty(schedule))
            yield return FieldError.Required("spec.schedule");
        else if (CronSchedule.Check(schedule) is { } error)
            yield return FieldError.Invalid("spec.schedule", schedule, error);
        foreach (var e in FieldRules.NonNegative(spec?["startingDeadlineSeconds"], "spec.startingDeadlineSeconds")) yield return e;
        foreach (var e in FieldRules.OneOf(spec, "concurrencyPolicy", "spec.concurrencyPolicy", ["Allow", "Forbid", "Replace"], required: true)) yield return e;

        var jobSpec = spec?["jobTemplate"]?["spec"] as JsonObject;
        foreach (var e in JobSpecRules.Validate(jobSpec, "spec.jobTemplate.spec")) yield return e;
        if (jobSpec?["selector"] is JsonObject selector)
            yield return FieldError.Invalid("spec.jobTemplate.spec.selector", new RawFieldValue(selector.ToJsonString()), "`selector` will be auto-generated");
        if (jobSpec?["manualSelector"].Bool() == true)
            yield return FieldError.NotSupported("spec.jobTemplate.spec.manualSelector", true, ["nil", "false"]);

        foreach (var field in new[] { "successfulJobsHistoryLimit", "failedJobsHistoryLimit" })
            foreach (var e in FieldRules.NonNegative(spec?[field], $"spec.{field}")) yield return e;
    }

    protected override IEnumerable<FieldError> ValidateCreate(JsonObject obj)
    {
        var spec = obj["spec"];
        foreach (var e in TimeZoneInSchedule(spec, allowed: false)) yield return e;
        foreach (var e in TimeZoneRules.Validate(spec?["timeZone"], "spec.timeZone")) yield return e;
        var name = obj["metadata"].Str("name") ?? "";
        if (name.Length > MaxNameLength)
            yield return FieldError.Invalid("metadata.name", name, $"must be no more than {MaxNameLength} characters");
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        var spec = obj["spec"];
        // A schedule stored with TZ= before the field existed may keep it.
        foreach (var e in TimeZoneInSchedule(spec, allowed: old["spec"].Str("schedule")?.Contains("TZ") == true)) yield return e;
        if (!JsonNode.DeepEquals(spec?["timeZone"], old["spec"]?["timeZone"]))
            foreach (var e in TimeZoneRules.Validate(spec?["timeZone"], "spec.timeZone")) yield return e;
    }

    private static IEnumerable<FieldError> TimeZoneInSchedule(JsonNode? spec, bool allowed)
    {
        var schedule = spec.Str("schedule");
        if (schedule is null || !schedule.Contains("TZ")) yield break;
        if (!allowed)
            yield return FieldError.Invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        else if (spec?["timeZone"] is not null)
            yield return FieldError.Invalid("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
    }
}
