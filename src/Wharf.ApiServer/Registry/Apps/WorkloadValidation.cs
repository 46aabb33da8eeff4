using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Core;
using Wharf.ApiServer.Rest.Selectors;

namespace Wharf.ApiServer.Registry.Apps;

/// <summary>
/// The essential rules upstream's apps validation enforces (batch kinds have their own, see Batch/): a selector that is required, not empty and
/// matches the template's labels; a valid pod template; non-negative replicas; an immutable selector.
/// </summary>
public static class WorkloadValidation
{
    public static IEnumerable<FieldError> Validate(string kind, JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        if (spec?["replicas"].Long() is < 0)
            yield return FieldError.Invalid("spec.replicas", spec["replicas"].Long(), "must be greater than or equal to 0");
        var template = spec?["template"] as JsonObject;
        var templateLabels = template?["metadata"]?["labels"] as JsonObject;
        var selectorRequired = kind is "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet";
        var selector = spec?["selector"];
        if (selectorRequired && selector is not JsonObject)
        {
            yield return FieldError.Required("spec.selector");
        }
        else if (selectorRequired && selector is JsonObject s && s["matchLabels"] is not JsonObject { Count: > 0 } && s["matchExpressions"] is not JsonArray { Count: > 0 })
        {
            yield return FieldError.Invalid("spec.selector", new RawFieldValue(s.ToJsonString()), "empty selector is invalid for deployment");
        }
        else if (selectorRequired && template is not null
                 && !LabelSelector.Parse(SelectorText.Of(selector)).Matches(templateLabels))
        {
            yield return FieldError.Invalid("spec.template.metadata.labels", new RawFieldValue(LabelMap(templateLabels)), "`selector` does not match template `labels`");
        }
        if (template is null)
        {
            if (kind != "ReplicationController") yield return FieldError.Required("spec.template");
            yield break;
        }
        foreach (var e in PodTemplateSpecValidator.Validate(template, "spec.template")) yield return e;
        if (kind is "Deployment" or "ReplicaSet" or "DaemonSet" or "StatefulSet" or "ReplicationController"
            && template["spec"].Str("restartPolicy") is { } restart && restart != "Always")
            yield return FieldError.NotSupported("spec.template.spec.restartPolicy", restart, ["Always"]);
    }

    public static IEnumerable<FieldError> ValidateTransition(string kind, JsonObject obj, JsonObject old)
    {
        if (kind is "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet"
            && !JsonNode.DeepEquals(obj["spec"]?["selector"], old["spec"]?["selector"]))
            yield return FieldError.Invalid("spec.selector", new RawFieldValue(obj["spec"]?["selector"]?.ToJsonString() ?? "null"), "field is immutable");
    }

    /// <summary>A label map printed as Go prints map[string]string in upstream's messages.</summary>
    internal static string LabelMap(JsonObject? labels) =>
        "map[string]string{" + string.Join(", ", (labels ?? []).Select(kv => $"\"{kv.Key}\":\"{kv.Value}\"")) + "}";
}
