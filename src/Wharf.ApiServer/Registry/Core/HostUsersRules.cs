using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's validateHostUsers: a pod in its own user namespace (<c>hostUsers: false</c>) may not share the host's
/// network, PID or IPC namespace. The field paths keep upstream's spelling (<c>spec.HostPID</c>, <c>spec.HostIPC</c>).
/// </summary>
internal static class HostUsersRules
{
    private const string Detail = "when `pod.Spec.HostUsers` is false";

    public static void Validate(JsonObject spec, string specPath, List<FieldError> errors)
    {
        if (spec["hostUsers"].Bool() != false) return;
        if (spec["hostNetwork"].Bool() == true)
            errors.Add(FieldError.Forbidden($"{specPath}.hostNetwork", Detail));
        if (spec["hostPID"].Bool() == true)
            errors.Add(FieldError.Forbidden($"{specPath}.HostPID", Detail));
        if (spec["hostIPC"].Bool() == true)
            errors.Add(FieldError.Forbidden($"{specPath}.HostIPC", Detail));
    }
}
