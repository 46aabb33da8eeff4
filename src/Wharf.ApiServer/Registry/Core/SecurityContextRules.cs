using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// The basics of upstream's pod and container security-context rules: user and group IDs in range, known enum values
/// (fsGroupChangePolicy, seccomp and AppArmor profile types, procMount), sysctl names, and the combinations upstream
/// refuses (privileged without privilege escalation, shared PID namespace with the host's).
/// </summary>
internal static partial class SecurityContextRules
{
    private const string SysctlFormat = "(" + SysctlSegment + "[\\./])*" + SysctlSegment;
    private const string SysctlSegment = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?";
    private static readonly string IdRange = FieldRules.InclusiveRange(0, int.MaxValue);
    private static readonly string[] FsGroupChangePolicies = ["Always", "OnRootMismatch"];
    private static readonly string[] ProfileTypes = ["Localhost", "RuntimeDefault", "Unconfined"];
    private static readonly string[] ProcMounts = ["Default", "Unmasked"];
    private static readonly string[] SupplementalGroupsPolicies = ["Merge", "Strict"];
    private static readonly string[] SeLinuxChangePolicies = ["MountOption", "Recursive"];

    [GeneratedRegex("^" + SysctlFormat + "$")]
    private static partial Regex SysctlName();

    public static void ValidatePod(JsonObject spec, string specPath, List<FieldError> errors)
    {
        if (spec["securityContext"] is not JsonObject context) return;
        var path = $"{specPath}.securityContext";
        Id(context["fsGroup"], $"{path}.fsGroup", errors);
        Id(context["runAsUser"], $"{path}.runAsUser", errors);
        Id(context["runAsGroup"], $"{path}.runAsGroup", errors);
        var index = 0;
        foreach (var group in context["supplementalGroups"] as JsonArray ?? [])
            Id(group, $"{path}.supplementalGroups[{index++}]", errors);
        if (context["shareProcessNamespace"].Bool() == true && spec["hostPID"].Bool() == true)
            errors.Add(FieldError.Invalid($"{path}.shareProcessNamespace", true, "ShareProcessNamespace and HostPID cannot both be enabled"));
        Sysctls(context["sysctls"], spec, $"{path}.sysctls", errors);
        Enum(context, "fsGroupChangePolicy", path, FsGroupChangePolicies, errors);
        Profile(context["seccompProfile"] as JsonObject, $"{path}.seccompProfile", "seccomp", errors);
        Profile(context["appArmorProfile"] as JsonObject, $"{path}.appArmorProfile", "AppArmor", errors);
        Enum(context, "supplementalGroupsPolicy", path, SupplementalGroupsPolicies, errors);
        Enum(context, "seLinuxChangePolicy", path, SeLinuxChangePolicies, errors);
    }

    public static void ValidateContainer(JsonObject? context, string path, List<FieldError> errors)
    {
        if (context is null) return;
        Id(context["runAsUser"], $"{path}.runAsUser", errors);
        Id(context["runAsGroup"], $"{path}.runAsGroup", errors);
        Enum(context, "procMount", path, ProcMounts, errors);
        Profile(context["seccompProfile"] as JsonObject, $"{path}.seccompProfile", "seccomp", errors);
        if (context["allowPrivilegeEscalation"].Bool() == false)
        {
            if (context["privileged"].Bool() == true)
                errors.Add(FieldError.Invalid(path, new RawFieldValue(context.ToJsonString()), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
            foreach (var capability in context["capabilities"]?["add"] as JsonArray ?? [])
                if (capability?.ToString() == "CAP_SYS_ADMIN")
                    errors.Add(FieldError.Invalid(path, new RawFieldValue(context.ToJsonString()), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
        }
        Profile(context["appArmorProfile"] as JsonObject, $"{path}.appArmorProfile", "AppArmor", errors);
    }

    private static void Id(JsonNode? node, string path, List<FieldError> errors)
    {
        if (node.Long() is { } id and (< 0 or > int.MaxValue))
            errors.Add(FieldError.Invalid(path, id, IdRange));
    }

    private static void Enum(JsonObject context, string key, string path, string[] supported, List<FieldError> errors)
    {
        if (context.Str(key) is { } value && Array.IndexOf(supported, value) < 0)
            errors.Add(FieldError.NotSupported($"{path}.{key}", value, supported));
    }

    /// <summary>Seccomp and AppArmor profiles: a known type, and a localhost profile exactly when the type is Localhost.</summary>
    private static void Profile(JsonObject? profile, string path, string what, List<FieldError> errors)
    {
        if (profile is null) return;
        var type = profile.Str("type") ?? "";
        var localhost = profile.Str("localhostProfile");
        if (type.Length == 0)
            errors.Add(FieldError.Required($"{path}.type", $"type is required when {(what == "seccomp" ? "seccompProfile" : "appArmorProfile")} is set"));
        else if (Array.IndexOf(ProfileTypes, type) < 0)
            errors.Add(FieldError.NotSupported($"{path}.type", type, ProfileTypes));
        if (type == "Localhost")
        {
            if (string.IsNullOrWhiteSpace(localhost))
                errors.Add(FieldError.Required($"{path}.localhostProfile", $"must be set when {what} type is Localhost"));
            else if (what == "seccomp")
                PathRules.LocalDescending(localhost, $"{path}.localhostProfile", errors);
        }
        else if (localhost is not null && type.Length > 0)
        {
            var value = what == "seccomp" ? (object)new RawFieldValue(profile.ToJsonString()) : localhost;
            errors.Add(FieldError.Invalid($"{path}.localhostProfile", value, $"can only be set when {what} type is Localhost"));
        }
    }

    private static void Sysctls(JsonNode? sysctls, JsonObject spec, string path, List<FieldError> errors)
    {
        if (sysctls is not JsonArray { Count: > 0 }) return;
        var names = new HashSet<string>();
        var index = 0;
        foreach (var sysctl in sysctls.Objects())
        {
            var at = $"{path}[{index++}].name";
            var name = sysctl.Str("name") ?? "";
            if (name.Length == 0)
                errors.Add(FieldError.Required(at));
            else if (name.Length > 253 || !SysctlName().IsMatch(name))
                errors.Add(FieldError.Invalid(at, name, $"must have at most 253 characters and match regex ^{SysctlFormat}$"));
            else if (names.Contains(name))
                errors.Add(FieldError.Duplicate(at, name));
            if (spec["hostNetwork"].Bool() == true && name.StartsWith("net.", StringComparison.Ordinal))
                errors.Add(FieldError.Invalid(at, name, "may not be specified when 'hostNetwork' is true"));
            else if (spec["hostIPC"].Bool() == true && IsIpcSysctl(name))
                errors.Add(FieldError.Invalid(at, name, "may not be specified when 'hostIPC' is true"));
            names.Add(name);
        }
    }

    /// <summary>The IPC-namespaced sysctls (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*).</summary>
    private static bool IsIpcSysctl(string name) =>
        name.StartsWith("kernel.shm", StringComparison.Ordinal) || name.StartsWith("kernel.msg", StringComparison.Ordinal)
        || name == "kernel.sem" || name.StartsWith("fs.mqueue.", StringComparison.Ordinal);
}
