using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Core;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Batch;

/// <summary>
/// Upstream's validateJobSpec, shared by Jobs and CronJob job templates: counts not negative, the per-index backoff
/// fields only in Indexed mode, pod failure and success policies, a pod template whose pods do not restart.
/// </summary>
public static class JobSpecRules
{
    public const int MaxParallelismForIndexedJob = 100_000;
    public const int MaxFailedIndexesForIndexedJob = 100_000;
    private const int CompletionsSoftLimit = 100_000;
    private const int ParallelismLimitForHighCompletions = 10_000;
    private const int MaxFailedIndexesLimitForHighCompletions = 10_000;
    private const int MaxManagedByLength = 63;

    public static IEnumerable<FieldError> Validate(JsonObject? spec, string path)
    {
        foreach (var field in new[] { "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes" })
            foreach (var e in FieldRules.NonNegative(spec?[field], $"{path}.{field}")) yield return e;

        var parallelism = spec?["parallelism"].Long();
        var completions = spec?["completions"].Long();
        var perIndex = spec?["backoffLimitPerIndex"].Long();
        var maxFailed = spec?["maxFailedIndexes"].Long();
        if (maxFailed is not null && perIndex is null)
            yield return FieldError.Required($"{path}.backoffLimitPerIndex", "when maxFailedIndexes is specified");

        if (spec.Str("managedBy") is { } managedBy)
        {
            foreach (var e in FieldRules.DomainPrefixedPath(managedBy, $"{path}.managedBy")) yield return e;
            if (managedBy.Length > MaxManagedByLength)
                yield return FieldError.TooLong($"{path}.managedBy", MaxManagedByLength);
        }

        var mode = spec.Str("completionMode");
        var indexed = mode == "Indexed";
        if (mode is not null and not ("NonIndexed" or "Indexed"))
            yield return FieldError.NotSupported($"{path}.completionMode", mode, ["NonIndexed", "Indexed"]);
        if (indexed)
        {
            if (completions is null)
                yield return FieldError.Required($"{path}.completions", "when completion mode is Indexed");
            if (parallelism > MaxParallelismForIndexedJob)
                yield return FieldError.Invalid($"{path}.parallelism", parallelism, $"must be less than or equal to {MaxParallelismForIndexedJob} when completion mode is Indexed");
            if (maxFailed > completions)
                yield return FieldError.Invalid($"{path}.maxFailedIndexes", maxFailed, "must be less than or equal to completions");
            if (maxFailed > MaxFailedIndexesForIndexedJob)
                yield return FieldError.Invalid($"{path}.maxFailedIndexes", maxFailed, $"must be less than or equal to {MaxFailedIndexesForIndexedJob}");
            if (completions > CompletionsSoftLimit && perIndex is not null)
            {
                if (maxFailed is null)
                    yield return FieldError.Required($"{path}.maxFailedIndexes", $"must be specified when completions is above {CompletionsSoftLimit}");
                if (parallelism > ParallelismLimitForHighCompletions)
                    yield return FieldError.Invalid($"{path}.parallelism", parallelism, $"must be less than or equal to {ParallelismLimitForHighCompletions} when completions are above {CompletionsSoftLimit} and used with backoff limit per index");
                if (maxFailed > MaxFailedIndexesLimitForHighCompletions)
                    yield return FieldError.Invalid($"{path}.maxFailedIndexes", maxFailed, $"must be less than or equal to {MaxFailedIndexesLimitForHighCompletions} when completions are above {CompletionsSoftLimit} and used with backoff limit per index");
            }
        }
        else
        {
            if (perIndex is not null)
                yield return FieldError.Invalid($"{path}.backoffLimitPerIndex", perIndex, "requires indexed completion mode");
            if (maxFailed is not null)
                yield return FieldError.Invalid($"{path}.maxFailedIndexes", maxFailed, "requires indexed completion mode");
        }

        var podFailurePolicy = spec?["podFailurePolicy"] as JsonObject;
        if (podFailurePolicy is not null)
            foreach (var e in PodFailurePolicyRules.Validate(podFailurePolicy, spec!, $"{path}.podFailurePolicy")) yield return e;
        if (spec?["successPolicy"] is JsonObject successPolicy)
        {
            if (!indexed)
                yield return FieldError.Invalid($"{path}.successPolicy", new RawFieldValue(successPolicy.ToJsonString()), "requires indexed completion mode");
            else
                foreach (var e in SuccessPolicyRules.Validate(successPolicy, completions ?? 0, $"{path}.successPolicy")) yield return e;
        }

        if (spec.Str("podReplacementPolicy") is { } replacement)
        {
            string[] supported = podFailurePolicy is not null ? ["Failed"] : ["Failed", "TerminatingOrFailed"];
            if (!supported.Contains(replacement))
                yield return FieldError.NotSupported($"{path}.podReplacementPolicy", replacement, supported);
        }

        var template = spec?["template"] as JsonObject;
        if (template is null)
        {
            yield return FieldError.Required($"{path}.template");
            yield break;
        }
        foreach (var e in PodTemplateSpecValidator.Validate(template, $"{path}.template")) yield return e;
        var restart = template["spec"].Str("restartPolicy");
        var restartPath = $"{path}.template.spec.restartPolicy";
        // The pod defaults fill in Always when the manifest says nothing, so both mean "not chosen" here.
        if (restart is null or "" or "Always")
            yield return FieldError.Required(restartPath, "valid values: \"OnFailure\", \"Never\"");
        else if (restart is not ("OnFailure" or "Never"))
            yield return FieldError.NotSupported(restartPath, restart, ["OnFailure", "Never"]);
        else if (podFailurePolicy is not null && restart != "Never")
            yield return FieldError.Invalid(restartPath, restart, "only \"Never\" is supported when podFailurePolicy is specified");
    }
}
