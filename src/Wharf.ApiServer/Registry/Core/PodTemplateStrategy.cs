using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>PodTemplates: the pod defaults on <c>template.spec</c> and upstream's ValidatePodTemplate.</summary>
internal sealed class PodTemplateStrategy : ResourceStrategy
{
    protected override void ApplyDefaults(JsonObject obj)
    {
        if (obj["template"] is JsonObject template)
            PodSpecDefaults.Apply(template.Obj("spec"));
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj) => PodTemplateSpecValidator.Validate(obj["template"] as JsonObject, "template");
}
