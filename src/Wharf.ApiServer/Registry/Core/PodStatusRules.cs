using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's ValidatePodStatusUpdate: custom condition types are qualified names, the QoS class never changes, pod
/// and host IPs are IPs (one per family), and a container that may not restart stays terminated. Upstream checks
/// neither phase values nor container names here, so neither does Wharf.
/// </summary>
internal static class PodStatusRules
{
    private static readonly HashSet<string> SystemConditions = ["PodScheduled", "Ready", "Initialized"];

    public static List<FieldError> Validate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        var status = obj["status"] as JsonObject ?? [];
        var oldStatus = old["status"] as JsonObject ?? [];
        var index = 0;
        foreach (var condition in status["conditions"].Objects())
        {
            var type = condition.Str("type") ?? "";
            // Upstream's path for these says "metadata", a long-standing slip kubectl users see.
            if (!SystemConditions.Contains(type))
                foreach (var msg in NameRules.IsQualifiedName(type))
                    errors.Add(FieldError.Invalid($"metadata.conditions[{index}].Type", type, msg));
            index++;
        }
        var nominated = status.Str("nominatedNodeName") ?? "";
        if (nominated.Length > 0 && nominated != oldStatus.Str("nominatedNodeName"))
            PodSpecValidator.Subdomain(nominated, "status.nominatedNodeName", errors);
        // A writer that leaves qosClass out (Wharf's own controllers) is not changing it.
        if (status["qosClass"] is not null)
            errors.AddRange(FieldRules.Unchanged(status["qosClass"], oldStatus["qosClass"], "status.qosClass"));
        var restartPolicy = old["spec"].Str("restartPolicy") ?? "Always";
        StateTransitions(status["containerStatuses"], oldStatus["containerStatuses"], "status.containerStatuses", restartPolicy, _ => false, errors);
        var sidecars = new HashSet<string>();
        foreach (var init in old["spec"]?["initContainers"].Objects() ?? [])
            if (init.Str("restartPolicy") == "Always") sidecars.Add(init.Str("name") ?? "");
        StateTransitions(status["initContainerStatuses"], oldStatus["initContainerStatuses"], "status.initContainerStatuses", restartPolicy, sidecars.Contains, errors);
        Ips(status["podIPs"], "status.podIPs", errors);
        if (status["hostIPs"] is JsonArray { Count: > 0 } hostIps)
        {
            var first = hostIps[0]?["ip"]?.ToString() ?? "";
            if (first != (status.Str("hostIP") ?? ""))
                errors.Add(FieldError.Invalid("status.hostIPs[0].ip", first, "must be equal to `hostIP`"));
            Ips(hostIps, "status.hostIPs", errors);
        }
        return errors;
    }

    /// <summary>ValidateContainerStateTransition: under Never (or OnFailure after a success) terminated stays terminated.</summary>
    private static void StateTransitions(JsonNode? now, JsonNode? before, string path, string restartPolicy, Func<string, bool> mayRestart, List<FieldError> errors)
    {
        if (restartPolicy == "Always") return;
        var index = 0;
        foreach (var old in before.Objects())
        {
            var at = index++;
            if (old["state"]?["terminated"] is not JsonObject terminated) continue;
            if ((terminated["exitCode"].Long() ?? 0) != 0 && restartPolicy == "OnFailure") continue;
            var name = old.Str("name");
            if (mayRestart(name ?? "")) continue;
            foreach (var current in now.Objects())
                if (current.Str("name") == name && current["state"]?["terminated"] is null)
                    errors.Add(FieldError.Forbidden($"{path}[{at}].state", "may not be transitioned to non-terminated state"));
        }
    }

    private static void Ips(JsonNode? list, string path, List<FieldError> errors)
    {
        if (list is not JsonArray { Count: > 0 } ips) return;
        var index = 0;
        var v4 = 0;
        var v6 = 0;
        foreach (var entry in ips)
        {
            var ip = entry?["ip"]?.ToString() ?? "";
            NetworkRules.ValidIp(ip, $"{path}[{index++}]", errors);
            if (NetworkRules.IsIpv4(ip)) v4++;
            else if (NetworkRules.IsIpv6(ip)) v6++;
        }
        if (ips.Count > 1 && (ips.Count > 2 || v4 != 1 || v6 != 1))
            errors.Add(FieldError.Invalid(path, new RawFieldValue(ips.ToJsonString()), "may specify no more than one IP for each IP family"));
        var seen = new HashSet<string>();
        index = 0;
        foreach (var entry in ips)
        {
            var ip = entry?["ip"]?.ToString() ?? "";
            if (ips.Count > 1 && !seen.Add(ip))
                errors.Add(FieldError.Duplicate($"{path}[{index}]", new RawFieldValue(entry?.ToJsonString() ?? "null")));
            index++;
        }
    }
}
