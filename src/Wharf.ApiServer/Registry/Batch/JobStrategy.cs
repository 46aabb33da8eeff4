using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;
using Wharf.ApiServer.Rest.Selectors;

namespace Wharf.ApiServer.Registry.Batch;

/// <summary>
/// Jobs: upstream's defaults, the job spec rules, a selector (when given) that matches the template, pod hostnames
/// that stay DNS labels in Indexed mode; on update the shape of the Job is fixed, and the pod template may change
/// only in its scheduling directives while the Job is suspended and has never started.
/// </summary>
internal sealed class JobStrategy : ResourceStrategy
{
    private static readonly string[] ImmutableSpecFields = ["selector", "completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"];

    public JobStrategy()
    {
        HasStatusSubresource = true;
        TracksGeneration = true;
        WorkloadKind = "Job";
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        foreach (var e in JobSpecRules.Validate(spec, "spec")) yield return e;
        if (spec?["selector"] is JsonObject selector)
        {
            var selectorErrors = LabelSelectorRules.Validate(selector, "spec.selector").ToList();
            foreach (var e in selectorErrors) yield return e;
            var labels = spec["template"]?["metadata"]?["labels"] as JsonObject;
            if (selectorErrors.Count == 0 && !LabelSelector.Parse(SelectorText.Of(selector)).Matches(labels))
                yield return FieldError.Invalid("spec.template.metadata.labels", new RawFieldValue(Apps.WorkloadValidation.LabelMap(labels)), "`selector` does not match template `labels`");
        }
        if (spec.Str("completionMode") == "Indexed" && spec?["completions"].Long() is > 0 and var completions)
        {
            var name = obj["metadata"].Str("name") ?? "";
            var hostname = $"{name}-{completions - 1}";
            if (name.Length > 0 && NameRules.IsDns1123Label(hostname).Any())
                yield return FieldError.Invalid("metadata.name", name, $"will not able to create pod with invalid DNS label: {hostname}");
        }
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        var spec = obj["spec"] as JsonObject;
        var oldSpec = old["spec"] as JsonObject;
        foreach (var field in ImmutableSpecFields)
            foreach (var e in FieldRules.Unchanged(spec?[field], oldSpec?[field], $"spec.{field}")) yield return e;
        foreach (var e in Completions(spec, oldSpec)) yield return e;
        var template = spec?["template"];
        var oldTemplate = oldSpec?["template"];
        if (MaySchedulingDirectivesChange(old))
        {
            template = WithoutSchedulingDirectives(template);
            oldTemplate = WithoutSchedulingDirectives(oldTemplate);
        }
        if (!JsonNode.DeepEquals(template, oldTemplate))
            yield return new FieldError("FieldValueInvalid", "spec.template", FieldRules.Immutable);
    }

    /// <summary>Elastic Indexed Jobs may change completions, but only together with an equal parallelism.</summary>
    private static IEnumerable<FieldError> Completions(JsonObject? spec, JsonObject? oldSpec)
    {
        var completions = spec?["completions"].Long();
        if (completions == oldSpec?["completions"].Long()) yield break;
        if (spec.Str("completionMode") != "Indexed")
        {
            foreach (var e in FieldRules.Unchanged(spec?["completions"], oldSpec?["completions"], "spec.completions")) yield return e;
        }
        else if (completions is not null && completions != spec?["parallelism"].Long())
        {
            yield return FieldError.Invalid("spec.completions", completions, "can only be modified in tandem with spec.parallelism");
        }
    }

    /// <summary>Upstream's AllowMutableSchedulingDirectives: the Job is suspended and has never started.</summary>
    private static bool MaySchedulingDirectivesChange(JsonObject old) =>
        old["spec"]?["suspend"].Bool() == true && old["status"]?["startTime"] is null;

    private static JsonNode? WithoutSchedulingDirectives(JsonNode? template)
    {
        if (template is not JsonObject t) return template;
        var copy = t.DeepClone().AsObject();
        if (copy["metadata"] is JsonObject meta)
        {
            meta.Remove("labels");
            meta.Remove("annotations");
            if (meta.Count == 0) copy.Remove("metadata");
        }
        if (copy["spec"] is JsonObject podSpec)
        {
            podSpec.Remove("nodeSelector");
            podSpec.Remove("tolerations");
            podSpec.Remove("schedulingGates");
            if (podSpec["affinity"] is JsonObject affinity)
            {
                affinity.Remove("nodeAffinity");
                if (affinity.Count == 0) podSpec.Remove("affinity");
            }
        }
        return copy;
    }
}
