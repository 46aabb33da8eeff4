using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Core;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Node;

/// <summary>
/// RuntimeClasses: upstream's ValidateRuntimeClass (a DNS-label handler, overhead quantities, a scheduling node
/// selector and unique valid tolerations) and its update rule (the handler is immutable).
/// </summary>
internal sealed class RuntimeClassStrategy : ResourceStrategy
{
    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var handler = obj.Str("handler") ?? "";
        foreach (var msg in NameRules.IsDns1123Label(handler))
            errors.Add(FieldError.Invalid("handler", handler, msg));
        if (obj["overhead"]?["podFixed"] is JsonObject podFixed)
            errors.AddRange(PodSpecValidator.ValidateOverhead(podFixed, "overhead"));
        if (obj["scheduling"] is JsonObject scheduling)
        {
            errors.AddRange(ObjectMetaValidator.ValidateLabels(scheduling["nodeSelector"] as JsonObject, "scheduling.nodeSelector"));
            Tolerations(scheduling["tolerations"], "scheduling.tolerations", errors);
        }
        return errors;
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old) =>
        FieldRules.Unchanged(obj["handler"], old["handler"], "handler");

    /// <summary>Upstream validates at "tolerations.tolerations" (it appends the child twice) and reports duplicates by list key.</summary>
    private static void Tolerations(JsonNode? tolerations, string path, List<FieldError> errors)
    {
        errors.AddRange(PodSpecValidator.ValidateTolerations(tolerations, $"{path}.tolerations"));
        var seen = new HashSet<(string?, string?, string?, string?)>();
        var index = 0;
        foreach (var toleration in tolerations.Objects())
        {
            if (!seen.Add((toleration.Str("key"), toleration.Str("operator"), toleration.Str("value"), toleration.Str("effect"))))
                errors.Add(FieldError.Duplicate($"{path}[{index}]", new RawFieldValue(toleration.ToJsonString())));
            index++;
        }
    }
}
