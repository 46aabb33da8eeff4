using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Coordination;

/// <summary>Leases: a positive duration, non-negative transitions, a preferred holder only with a strategy.</summary>
internal sealed class LeaseStrategy : ResourceStrategy
{
    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        foreach (var e in FieldRules.Positive(spec?["leaseDurationSeconds"], "spec.leaseDurationSeconds")) yield return e;
        foreach (var e in FieldRules.NonNegative(spec?["leaseTransitions"], "spec.leaseTransitions")) yield return e;
        if (spec.Str("strategy") is { Length: > 0 } strategy)
            foreach (var msg in NameRules.IsQualifiedName(strategy))
                yield return FieldError.Invalid("spec.strategy", strategy, msg);
        if (spec.Str("preferredHolder") is { Length: > 0 } && string.IsNullOrEmpty(spec.Str("strategy")))
            yield return FieldError.Forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined");
    }
}
