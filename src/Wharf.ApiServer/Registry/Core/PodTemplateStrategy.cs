using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// PodTemplates: the pod defaults on <c>template.spec</c> and upstream's ValidatePodTemplate (template labels and
/// annotations, the PodSpec rules at <c>template.spec</c>, no ephemeral containers).
/// </summary>
internal sealed class PodTemplateStrategy : ResourceStrategy
{
    protected override void ApplyDefaults(JsonObject obj)
    {
        if (obj["template"] is JsonObject template)
            PodSpecDefaults.Apply(template.Obj("spec"));
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj) => ValidateTemplate(obj["template"] as JsonObject, "template");

    /// <summary>ValidatePodTemplateSpec, shared with the kinds that embed a template at <paramref name="path"/>.</summary>
    public static List<FieldError> ValidateTemplate(JsonObject? template, string path)
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
