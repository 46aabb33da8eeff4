using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>Pods: upstream's defaults for pod and container fields, Pending status and QoS class on create, required containers.</summary>
internal sealed class PodStrategy : ResourceStrategy
{
    public PodStrategy() => HasStatusSubresource = true;

    /// <summary>A terminating pod goes once the node agent has confirmed its containers stopped (grace period 0).</summary>
    public override bool ReadyToDelete(JsonObject obj) => (obj["metadata"]?["deletionGracePeriodSeconds"].Long() ?? 0) == 0;

    protected override void InitialStatus(JsonObject obj) =>
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass.Of(obj["spec"] as JsonObject) };

    protected override void ApplyDefaults(JsonObject obj) => PodSpecDefaults.Apply(obj.Obj("spec"));

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj) => PodSpecValidator.Validate(obj["spec"] as JsonObject, "spec");

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        // Only images, activeDeadlineSeconds, tolerations (additions) and scheduling gates may change on a pod spec.
        var now = (obj["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var before = (old["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        foreach (var spec in new[] { now, before })
        {
            foreach (var field in new[] { "activeDeadlineSeconds", "tolerations", "schedulingGates", "ephemeralContainers" })
                spec.Remove(field);
            foreach (var list in new[] { "containers", "initContainers" })
                foreach (var c in spec[list].Objects())
                    c.Remove("image");
        }
        if (!JsonNode.DeepEquals(now, before))
            yield return FieldError.Forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
    }
}
