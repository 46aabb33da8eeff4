using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's validateLinux / validateWindows, run once <c>spec.os.name</c> is valid: a Linux pod may not carry
/// Windows options, a Windows pod none of the Linux-only security and namespace fields. Containers are visited in
/// upstream's order (init, regular, ephemeral).
/// </summary>
internal static class OsFieldRules
{
    private const string WindowsOnly = "windows options cannot be set for a linux pod";
    private const string LinuxOnly = "cannot be set for a windows pod";

    // The pod security-context fields a Windows pod may not set (at spec.securityContext.FIELD), in three groups
    // because upstream reports the spec-level namespace fields between them.
    private static readonly string[] LinuxPodContextFields = ["appArmorProfile", "seLinuxOptions"];
    private static readonly string[] LinuxPodContextFieldsAfterNamespaces = ["seccompProfile", "fsGroup", "fsGroupChangePolicy"];
    private static readonly string[] LinuxPodContextIdentityFields =
        ["runAsUser", "runAsGroup", "supplementalGroups", "supplementalGroupsPolicy", "seLinuxChangePolicy"];

    /// <summary>Container security-context fields a Windows pod may not set.</summary>
    private static readonly string[] LinuxContainerFields =
    [
        "appArmorProfile", "seLinuxOptions", "seccompProfile", "capabilities", "readOnlyRootFilesystem", "privileged",
        "allowPrivilegeEscalation", "procMount", "runAsUser", "runAsGroup",
    ];

    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    public static void Validate(JsonObject spec, string specPath, List<FieldError> errors)
    {
        switch (spec["os"].Str("name"))
        {
            case "linux":
                ValidateLinux(spec, specPath, errors);
                break;
            case "windows":
                ValidateWindows(spec, specPath, errors);
                break;
        }
    }

    private static void ValidateLinux(JsonObject spec, string specPath, List<FieldError> errors)
    {
        if (spec["securityContext"]?["windowsOptions"] is not null)
            errors.Add(FieldError.Forbidden($"{specPath}.securityContext.windowsOptions", WindowsOnly));
        foreach (var list in ContainerLists)
        {
            var index = 0;
            foreach (var container in spec[list].Objects())
            {
                if (container["securityContext"]?["windowsOptions"] is not null)
                    errors.Add(FieldError.Forbidden($"{specPath}.{list}[{index}].securityContext.windowsOptions", WindowsOnly));
                index++;
            }
        }
    }

    private static void ValidateWindows(JsonObject spec, string specPath, List<FieldError> errors)
    {
        // Upstream's internal pod always has a security context (the host namespace flags live there), so these
        // apply with or without one in the request.
        var context = spec["securityContext"] as JsonObject ?? [];
        var path = $"{specPath}.securityContext";
        Forbid(context, LinuxPodContextFields, path, errors);
        // Internally part of the pod security context, but on the spec in the API, hence the spec's paths.
        if (spec["hostUsers"] is not null)
            errors.Add(FieldError.Forbidden($"{specPath}.hostUsers", LinuxOnly));
        if (spec["hostPID"].Bool() == true)
            errors.Add(FieldError.Forbidden($"{specPath}.hostPID", LinuxOnly));
        if (spec["hostIPC"].Bool() == true)
            errors.Add(FieldError.Forbidden($"{specPath}.hostIPC", LinuxOnly));
        Forbid(context, LinuxPodContextFieldsAfterNamespaces, path, errors);
        if (context["sysctls"] is JsonArray { Count: > 0 })
            errors.Add(FieldError.Forbidden($"{path}.sysctls", LinuxOnly));
        if (spec["shareProcessNamespace"] is not null)
            errors.Add(FieldError.Forbidden($"{specPath}.shareProcessNamespace", LinuxOnly));
        Forbid(context, LinuxPodContextIdentityFields, path, errors);
        foreach (var list in ContainerLists)
        {
            var index = 0;
            foreach (var container in spec[list].Objects())
            {
                if (container["securityContext"] is JsonObject containerContext)
                    Forbid(containerContext, LinuxContainerFields, $"{specPath}.{list}[{index}].securityContext", errors);
                index++;
            }
        }
    }

    private static void Forbid(JsonObject context, string[] fields, string path, List<FieldError> errors)
    {
        foreach (var field in fields)
            if (context[field] is not null)
                errors.Add(FieldError.Forbidden($"{path}.{field}", LinuxOnly));
    }
}
