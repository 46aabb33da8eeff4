using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's validateResizePolicy for every container and init container: each entry names cpu or memory once, with
/// a known restart policy, and a pod that never restarts may only resize without a restart. Like upstream, all but the
/// duplicate are reported at the list's path, not the entry's.
/// </summary>
internal static class ResizePolicyRules
{
    private static readonly string[] Resources = ["cpu", "memory"];
    private static readonly string[] Policies = ["NotRequired", "RestartContainer"];

    public static void Validate(JsonObject spec, string specPath, List<FieldError> errors)
    {
        var podRestartPolicy = spec.Str("restartPolicy");
        ValidateList(spec, specPath, "initContainers", podRestartPolicy, errors);
        ValidateList(spec, specPath, "containers", podRestartPolicy, errors);
    }

    /// <remarks>Paths are built only for a container with a resize policy: most have none.</remarks>
    private static void ValidateList(JsonObject spec, string specPath, string list, string? podRestartPolicy, List<FieldError> errors)
    {
        if (spec[list] is not JsonArray { Count: > 0 } containers) return;
        var index = 0;
        foreach (var container in containers.Objects())
        {
            if (container["resizePolicy"] is JsonArray { Count: > 0 } policies)
                ValidatePolicies(policies, $"{specPath}.{list}[{index}].resizePolicy", podRestartPolicy, errors);
            index++;
        }
    }

    private static void ValidatePolicies(JsonArray policies, string path, string? podRestartPolicy, List<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var policy in policies.Objects())
        {
            var resource = policy.Str("resourceName") ?? "";
            if (!seen.Add(resource))
                errors.Add(FieldError.Duplicate($"{path}[{index}]", resource));
            if (resource.Length == 0)
                errors.Add(FieldError.Required(path));
            else if (Array.IndexOf(Resources, resource) < 0)
                errors.Add(FieldError.NotSupported(path, resource, Resources));
            var restart = policy.Str("restartPolicy") ?? "";
            if (restart.Length == 0)
                errors.Add(FieldError.Required(path));
            else if (Array.IndexOf(Policies, restart) < 0)
                errors.Add(FieldError.NotSupported(path, restart, Policies));
            if (podRestartPolicy == "Never" && restart != "NotRequired")
                errors.Add(FieldError.Invalid(path, restart, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
            index++;
        }
    }
}
