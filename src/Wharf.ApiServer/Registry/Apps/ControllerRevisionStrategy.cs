using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Apps;

/// <summary>ControllerRevisions: upstream's rules, data required and immutable, a non-negative revision.</summary>
internal sealed class ControllerRevisionStrategy : ResourceStrategy
{
    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        if (obj["data"] is null)
            yield return FieldError.Required("data", "data is mandatory");
        foreach (var e in FieldRules.NonNegative(obj["revision"], "revision")) yield return e;
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old) =>
        FieldRules.Unchanged(obj["data"], old["data"], "data");
}
