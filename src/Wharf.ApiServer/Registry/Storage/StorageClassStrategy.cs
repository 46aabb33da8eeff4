using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Storage;

/// <summary>
/// StorageClasses: a provisioner named like a qualified name, bounded parameters, known reclaim policy and binding
/// mode (defaulted as upstream does); provisioner, parameters, reclaim policy and binding mode never change.
/// </summary>
internal sealed class StorageClassStrategy : ResourceStrategy
{
    private const int MaxParameterCount = 512;
    private const int MaxParameterBytes = 256 * 1024;

    protected override void ApplyDefaults(JsonObject obj)
    {
        obj.Default("reclaimPolicy", "Delete");
        obj.Default("volumeBindingMode", "Immediate");
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var provisioner = obj.Str("provisioner");
        if (string.IsNullOrEmpty(provisioner))
            yield return FieldError.Required("provisioner");
        else
            foreach (var msg in NameRules.IsQualifiedName(provisioner.ToLowerInvariant()))
                yield return FieldError.Invalid("provisioner", provisioner, msg);
        if (obj["parameters"] is JsonObject parameters)
        {
            if (parameters.Count > MaxParameterCount)
                yield return FieldError.TooLong("parameters", MaxParameterCount);
            var size = 0L;
            foreach (var (key, value) in parameters)
            {
                if (key.Length == 0) yield return FieldError.Invalid("parameters", key, "field can not be empty.");
                size += key.Length + (value?.ToString().Length ?? 0);
            }
            if (size > MaxParameterBytes)
                yield return FieldError.TooLong("parameters", MaxParameterBytes);
        }
        foreach (var e in FieldRules.OneOf(obj, "reclaimPolicy", "reclaimPolicy", ["Delete", "Retain"])) yield return e;
        foreach (var e in FieldRules.OneOf(obj, "volumeBindingMode", "volumeBindingMode", ["Immediate", "WaitForFirstConsumer"], required: true)) yield return e;
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        foreach (var field in new[] { "parameters", "provisioner", "reclaimPolicy" })
            if (!JsonNode.DeepEquals(obj[field], old[field]))
                yield return FieldError.Forbidden(field, $"updates to {field} are forbidden.");
        foreach (var e in FieldRules.Unchanged(obj["volumeBindingMode"], old["volumeBindingMode"], "volumeBindingMode")) yield return e;
    }
}
