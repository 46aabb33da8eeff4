using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Pods: upstream's defaults for pod and container fields, Pending status and QoS class on create, upstream's PodSpec
/// rules, its update rules (ValidatePodUpdate) and status rules (ValidatePodStatusUpdate).
/// </summary>
internal sealed class PodStrategy : ResourceStrategy
{
    public PodStrategy() => HasStatusSubresource = true;

    /// <summary>A terminating pod goes once the node agent has confirmed its containers stopped (grace period 0).</summary>
    public override bool ReadyToDelete(JsonObject obj) => (obj["metadata"]?["deletionGracePeriodSeconds"].Long() ?? 0) == 0;

    protected override void InitialStatus(JsonObject obj) =>
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass.Of(obj["spec"] as JsonObject) };

    protected override void ApplyDefaults(JsonObject obj) => PodSpecDefaults.Apply(obj.Obj("spec"));

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj) => PodSecurityAnnotationRules.Validate(obj).Concat(PodSpecValidator.Validate(obj["spec"] as JsonObject, "spec", isPod: true));

    /// <summary>ValidatePodCreate's extras: ephemeral containers come only through their subresource, gates before a node.</summary>
    protected override IEnumerable<FieldError> ValidateCreate(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        if (spec?["ephemeralContainers"] is JsonArray { Count: > 0 })
            yield return FieldError.Forbidden("spec.ephemeralContainers", "cannot be set on create");
        if (!string.IsNullOrEmpty(spec.Str("nodeName")) && spec?["schedulingGates"] is JsonArray { Count: > 0 })
            yield return FieldError.Forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared");
        foreach (var error in PodSecurityAnnotationRules.ValidateFieldsMatch(obj)) yield return error;
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old) =>
        PodSecurityAnnotationRules.ValidateUpdate(obj, old).Concat(PodUpdateRules.Validate(obj["spec"] as JsonObject, old["spec"] as JsonObject));

    protected override IEnumerable<FieldError> ValidateStatusTransition(JsonObject obj, JsonObject old) => PodStatusRules.Validate(obj, old);
}
