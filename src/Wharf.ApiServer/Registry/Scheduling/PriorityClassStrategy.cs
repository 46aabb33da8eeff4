using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Scheduling;

/// <summary>
/// PriorityClasses: the <c>system-</c> prefix is reserved for the two built-in classes with their exact values,
/// user classes stay at or below one billion, the preemption policy is known; value and policy never change.
/// </summary>
internal sealed class PriorityClassStrategy : ResourceStrategy
{
    public const long HighestUserDefinablePriority = 1_000_000_000;
    private const string SystemPrefix = "system-";

    private static readonly Dictionary<string, long> SystemClasses = new()
    {
        [Admission.PodPriority.SystemNodeCritical] = 2_000_001_000,
        [Admission.PodPriority.SystemClusterCritical] = 2_000_000_000,
    };

    protected override void ApplyDefaults(JsonObject obj) => obj.Default("preemptionPolicy", "PreemptLowerPriority");

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var name = obj["metadata"].Str("name") ?? "";
        var value = obj["value"].Long() ?? 0;
        if (name.StartsWith(SystemPrefix, StringComparison.Ordinal))
        {
            if (SystemClassError(name, value, obj["globalDefault"].Bool() == true) is { } error)
                yield return FieldError.Forbidden("metadata.name", $"priority class names with '{SystemPrefix}' prefix are reserved for system use only. error: {error}");
        }
        else if (value > HighestUserDefinablePriority)
        {
            yield return FieldError.Forbidden("value", $"maximum allowed value of a user defined priority is {HighestUserDefinablePriority}");
        }
        foreach (var e in FieldRules.OneOf(obj, "preemptionPolicy", "preemptionPolicy", ["Never", "PreemptLowerPriority"])) yield return e;
    }

    private static string? SystemClassError(string name, long value, bool globalDefault)
    {
        if (!SystemClasses.TryGetValue(name, out var expected)) return $"{name} is not a known system priority class";
        if (value != expected) return $"value of {name} PriorityClass must be {expected}";
        return globalDefault ? $"globalDefault of {name} PriorityClass must be false" : null;
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        if (obj["value"].Long() != old["value"].Long())
            yield return FieldError.Forbidden("value", "may not be changed in an update.");
        foreach (var e in FieldRules.Unchanged(obj["preemptionPolicy"], old["preemptionPolicy"], "preemptionPolicy")) yield return e;
    }
}
