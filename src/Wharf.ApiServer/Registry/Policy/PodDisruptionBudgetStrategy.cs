using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Policy;

/// <summary>PodDisruptionBudgets: one budget (minAvailable xor maxUnavailable) as count or percent, a valid selector.</summary>
internal sealed class PodDisruptionBudgetStrategy : ResourceStrategy
{
    public PodDisruptionBudgetStrategy()
    {
        HasStatusSubresource = true;
        TracksGeneration = true;
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        if (spec?["minAvailable"] is not null && spec["maxUnavailable"] is not null)
            yield return FieldError.Invalid("spec", new RawFieldValue(spec.ToJsonString()), "minAvailable and maxUnavailable cannot be both set");
        foreach (var field in new[] { "minAvailable", "maxUnavailable" })
            foreach (var e in FieldRules.NonNegativeIntOrPercent(spec?[field], $"spec.{field}")) yield return e;
        foreach (var e in LabelSelectorRules.Validate(spec?["selector"], "spec.selector")) yield return e;
        foreach (var e in FieldRules.OneOf(spec, "unhealthyPodEvictionPolicy", "spec.unhealthyPodEvictionPolicy", ["AlwaysAllow", "IfHealthyBudget"])) yield return e;
    }
}
