using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's ValidatePodTemplateSpec for every kind that embeds a pod template (PodTemplate, Deployment, ReplicaSet,
/// StatefulSet, DaemonSet, Job, CronJob, ReplicationController): template labels and annotations, the PodSpec rules
/// under <c>path.spec</c>, and no ephemeral containers.
/// </summary>
public static class PodTemplateSpecValidator
{
    public static List<FieldError> Validate(JsonObject? template, string path)
    {
        var errors = new List<FieldError>();
        errors.AddRange(ObjectMetaValidator.ValidateLabels(template?["metadata"]?["labels"] as JsonObject, $"{path}.metadata.labels"));
        errors.AddRange(ObjectMetaValidator.ValidateAnnotations(template?["metadata"]?["annotations"] as JsonObject, $"{path}.metadata.annotations"));
        errors.AddRange(PodSpecValidator.Validate(template?["spec"] as JsonObject, $"{path}.spec"));
        if (template?["spec"]?["ephemeralContainers"] is JsonArray { Count: > 0 })
            errors.Add(FieldError.Forbidden($"{path}.spec.ephemeralContainers", "ephemeral containers not allowed in pod template"));
        return errors;
    }
}
