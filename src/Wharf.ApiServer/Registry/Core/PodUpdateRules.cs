using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's ValidatePodUpdate: a pod's spec is immutable but for container images, a shrinking active deadline,
/// added tolerations (and their tolerationSeconds), removed scheduling gates, a negative grace period set to 1, and
/// while gated, added node selector labels. Everything else is compared with those fields taken from the stored pod.
/// </summary>
internal static class PodUpdateRules
{
    private const string MutableFields =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static List<FieldError> Validate(JsonObject? spec, JsonObject? oldSpec)
    {
        var errors = new List<FieldError>();
        spec ??= [];
        oldSpec ??= [];
        if (!ContainerImages(spec, oldSpec, "containers", errors) || !ContainerImages(spec, oldSpec, "initContainers", errors))
            return errors;
        if (!ActiveDeadline(spec["activeDeadlineSeconds"].Long(), oldSpec["activeDeadlineSeconds"].Long(), errors))
            return errors;
        OnlyAddedTolerations(spec["tolerations"] as JsonArray, oldSpec["tolerations"] as JsonArray, errors);
        OnlyDeletedSchedulingGates(spec["schedulingGates"] as JsonArray, oldSpec["schedulingGates"] as JsonArray, errors);
        if (JsonNode.DeepEquals(spec, oldSpec)) return errors;

        var munged = spec.DeepClone().AsObject();
        CopyImages(munged, oldSpec, "containers");
        CopyImages(munged, oldSpec, "initContainers");
        foreach (var field in (ReadOnlySpan<string>)["activeDeadlineSeconds", "schedulingGates", "tolerations"])
            Replace(munged, oldSpec, field);
        // The ephemeralcontainers subresource owns that list.
        Replace(munged, oldSpec, "ephemeralContainers");
        if (oldSpec["terminationGracePeriodSeconds"].Long() is < 0 && munged["terminationGracePeriodSeconds"].Long() == 1)
            Replace(munged, oldSpec, "terminationGracePeriodSeconds");
        if (oldSpec["schedulingGates"] is JsonArray { Count: > 0 } && !JsonNode.DeepEquals(munged["nodeSelector"], oldSpec["nodeSelector"]))
        {
            NodeSelectorAdditions(munged["nodeSelector"] as JsonObject, oldSpec["nodeSelector"] as JsonObject, errors);
            Replace(munged, oldSpec, "nodeSelector");
        }
        if (!JsonNode.DeepEquals(munged, oldSpec))
            errors.Add(FieldError.Forbidden("spec", MutableFields));
        return errors;
    }

    /// <summary>ValidateContainerUpdates: same number of containers (else stop), each with an image.</summary>
    private static bool ContainerImages(JsonObject spec, JsonObject oldSpec, string list, List<FieldError> errors)
    {
        var now = spec[list] as JsonArray;
        var before = oldSpec[list] as JsonArray;
        if ((now?.Count ?? 0) != (before?.Count ?? 0))
        {
            errors.Add(FieldError.Forbidden($"spec.{list}", "pod updates may not add or remove containers"));
            return false;
        }
        var index = 0;
        foreach (var container in now.Objects())
        {
            var image = container.Str("image") ?? "";
            if (image.Length == 0)
                errors.Add(FieldError.Required($"spec.{list}[{index}].image"));
            if (image.Length != image.Trim().Length)
                errors.Add(FieldError.Invalid($"spec.{list}[{index}].image", image, "must not have leading or trailing whitespace"));
            index++;
        }
        return true;
    }

    /// <summary>From unset to a value, or to a lower value; never back to unset.</summary>
    private static bool ActiveDeadline(long? now, long? before, List<FieldError> errors)
    {
        const string path = "spec.activeDeadlineSeconds";
        if (now is { } deadline)
        {
            if (deadline is < 0 or > int.MaxValue)
            {
                errors.Add(FieldError.Invalid(path, deadline, FieldRules.InclusiveRange(0, int.MaxValue)));
                return false;
            }
            if (before < deadline)
            {
                errors.Add(FieldError.Invalid(path, deadline, "must be less than or equal to previous value"));
                return false;
            }
        }
        else if (before is not null)
        {
            errors.Add(FieldError.Invalid(path, null, "must not update from a positive integer to nil value"));
        }
        return true;
    }

    private static void OnlyAddedTolerations(JsonArray? now, JsonArray? before, List<FieldError> errors)
    {
        foreach (var old in before.Objects())
        {
            var found = false;
            foreach (var toleration in now.Objects())
            {
                if (!SameIgnoringSeconds(old, toleration)) continue;
                found = true;
                break;
            }
            if (found) continue;
            errors.Add(FieldError.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
            return;
        }
    }

    private static bool SameIgnoringSeconds(JsonObject a, JsonObject b)
    {
        foreach (var key in (ReadOnlySpan<string>)["key", "operator", "value", "effect"])
            if ((a.Str(key) ?? "") != (b.Str(key) ?? "")) return false;
        return true;
    }

    private static void OnlyDeletedSchedulingGates(JsonArray? now, JsonArray? before, List<FieldError> errors)
    {
        if (now is not { Count: > 0 }) return;
        var old = new HashSet<string>();
        foreach (var gate in before.Objects()) old.Add(gate.Str("name") ?? "");
        var index = 0;
        foreach (var gate in now.Objects())
        {
            var name = gate.Str("name") ?? "";
            if (!old.Contains(name))
                errors.Add(FieldError.Forbidden($"spec.schedulingGates[{index}].name", $"only deletion is allowed, but found new scheduling gate '{name}'"));
            index++;
        }
    }

    private static void NodeSelectorAdditions(JsonObject? now, JsonObject? before, List<FieldError> errors)
    {
        foreach (var (key, value) in before ?? [])
        {
            if (now?[key]?.ToString() == value?.ToString() && now!.ContainsKey(key)) continue;
            errors.Add(FieldError.Invalid("spec.nodeSelector", new RawFieldValue(Apps.WorkloadValidation.LabelMap(now)), "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
            return;
        }
    }

    private static void CopyImages(JsonObject munged, JsonObject oldSpec, string list)
    {
        if (munged[list] is not JsonArray containers || oldSpec[list] is not JsonArray old) return;
        for (var i = 0; i < containers.Count && i < old.Count; i++)
            if (containers[i] is JsonObject container)
                Replace(container, old[i] as JsonObject ?? [], "image");
    }

    private static void Replace(JsonObject munged, JsonObject oldSpec, string field)
    {
        munged.Remove(field);
        if (oldSpec[field] is { } value) munged[field] = value.DeepClone();
    }
}
