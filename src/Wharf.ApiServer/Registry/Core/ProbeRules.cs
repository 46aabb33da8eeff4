using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's probe and lifecycle-hook rules: exactly one handler, valid ports, non-negative timings, and a success
/// threshold of 1 where a second success means nothing (liveness, startup). Fields upstream defaults before
/// validating (zero thresholds and periods, the HTTP path and scheme) are accepted unset.
/// </summary>
internal static class ProbeRules
{
    private static readonly string[] Schemes = ["HTTP", "HTTPS"];

    public static void ValidateProbes(JsonObject container, long? grace, string containerPath, List<FieldError> errors)
    {
        if (container["livenessProbe"] is JsonObject liveness)
        {
            ValidateProbe(liveness, grace, $"{containerPath}.livenessProbe", errors);
            SuccessThresholdOne(liveness, $"{containerPath}.livenessProbe", errors);
        }
        if (container["readinessProbe"] is JsonObject readiness)
        {
            ValidateProbe(readiness, grace, $"{containerPath}.readinessProbe", errors);
            if (readiness["terminationGracePeriodSeconds"].Long() is { } value)
                errors.Add(FieldError.Invalid($"{containerPath}.readinessProbe.terminationGracePeriodSeconds", value, "must not be set for readinessProbes"));
        }
        if (container["startupProbe"] is JsonObject startup)
        {
            ValidateProbe(startup, grace, $"{containerPath}.startupProbe", errors);
            SuccessThresholdOne(startup, $"{containerPath}.startupProbe", errors);
        }
    }

    public static void ValidateLifecycle(JsonObject lifecycle, long? grace, string path, List<FieldError> errors)
    {
        if (lifecycle["postStart"] is JsonObject postStart)
            ValidateHandler(postStart, grace, $"{path}.postStart", allowSleep: true, errors);
        if (lifecycle["preStop"] is JsonObject preStop)
            ValidateHandler(preStop, grace, $"{path}.preStop", allowSleep: true, errors);
    }

    private static void ValidateProbe(JsonObject probe, long? grace, string path, List<FieldError> errors)
    {
        ValidateHandler(probe, grace, path, allowSleep: false, errors);
        foreach (var field in (ReadOnlySpan<string>)["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"])
            if (probe[field].Long() is < 0 and var value)
                errors.Add(FieldError.Invalid($"{path}.{field}", value, FieldRules.MustBeNonNegative));
        if (probe["terminationGracePeriodSeconds"].Long() is <= 0 and var grace2)
            errors.Add(FieldError.Invalid($"{path}.terminationGracePeriodSeconds", grace2, "must be greater than 0"));
    }

    /// <summary>Upstream defaults 0 to 1, so only an explicit other value is wrong.</summary>
    private static void SuccessThresholdOne(JsonObject probe, string path, List<FieldError> errors)
    {
        if (probe["successThreshold"].Long() is { } value and not 0 and not 1)
            errors.Add(FieldError.Invalid($"{path}.successThreshold", value, "must be 1"));
    }

    private static void ValidateHandler(JsonObject handler, long? grace, string path, bool allowSleep, List<FieldError> errors)
    {
        var count = 0;
        if (handler["exec"] is JsonObject exec && Count(ref count, $"{path}.exec", errors))
        {
            if (exec["command"] is not JsonArray { Count: > 0 })
                errors.Add(FieldError.Required($"{path}.exec.command"));
        }
        if (handler["httpGet"] is JsonObject httpGet && Count(ref count, $"{path}.httpGet", errors))
        {
            PortNumberOrName(httpGet["port"], $"{path}.httpGet.port", errors);
            if (httpGet.Str("scheme") is { Length: > 0 } scheme && Array.IndexOf(Schemes, scheme) < 0)
                errors.Add(FieldError.NotSupported($"{path}.httpGet.scheme", scheme, Schemes));
            foreach (var header in httpGet["httpHeaders"].Objects())
            {
                var name = header.Str("name") ?? "";
                if (!IsHttpHeaderName(name))
                    errors.Add(FieldError.Invalid($"{path}.httpGet.httpHeaders", name, "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"));
            }
        }
        if (handler["tcpSocket"] is JsonObject tcp && Count(ref count, $"{path}.tcpSocket", errors))
            PortNumberOrName(tcp["port"], $"{path}.tcpSocket.port", errors);
        if (!allowSleep && handler["grpc"] is JsonObject grpc && Count(ref count, $"{path}.grpc", errors))
        {
            var port = grpc["port"].Long() ?? 0;
            if (port is < 1 or > 65535)
                errors.Add(FieldError.Invalid($"{path}.grpc.port", port, NetworkRules.PortRange));
        }
        if (allowSleep && handler["sleep"] is JsonObject sleep && Count(ref count, $"{path}.sleep", errors))
        {
            var seconds = sleep["seconds"].Long() ?? 0;
            if (grace is { } period && (seconds <= 0 || seconds > period))
                errors.Add(FieldError.Invalid($"{path}.sleep", seconds,
                    $"must be greater than 0 and less than terminationGracePeriodSeconds ({period}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."));
        }
        if (count == 0)
            errors.Add(FieldError.Required(path, "must specify a handler type"));
    }

    /// <summary>Counts a handler; the second and later ones are errors instead of being checked.</summary>
    private static bool Count(ref int count, string path, List<FieldError> errors)
    {
        if (count++ == 0) return true;
        errors.Add(FieldError.Forbidden(path, "may not specify more than 1 handler type"));
        return false;
    }

    /// <summary>ValidatePortNumOrName; an absent port is the integer 0 to upstream.</summary>
    private static void PortNumberOrName(JsonNode? port, string path, List<FieldError> errors)
    {
        if (port is null)
            errors.Add(FieldError.Invalid(path, 0, NetworkRules.PortRange));
        else
            errors.AddRange(NetworkRules.PortNumberOrName(port, path));
    }

    private static bool IsHttpHeaderName(string name)
    {
        if (name.Length == 0) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
        return true;
    }
}
