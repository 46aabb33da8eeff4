using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>Upstream's QoS classification: Guaranteed when every container's cpu and memory requests equal limits, BestEffort when none are set.</summary>
public static class QosClass
{
    public static string Of(JsonObject? spec)
    {
        var containers = (spec?["containers"].Objects() ?? []).Concat(spec?["initContainers"].Objects() ?? []).ToList();
        var any = false;
        var guaranteed = containers.Count > 0;
        foreach (var container in containers)
        {
            var requests = container["resources"]?["requests"] as JsonObject;
            var limits = container["resources"]?["limits"] as JsonObject;
            if (requests?.Count > 0 || limits?.Count > 0) any = true;
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var limit = limits?[resource]?.ToString();
                // Requests default to limits when only limits are given.
                var request = requests?[resource]?.ToString() ?? limit;
                if (limit is null || request != limit) guaranteed = false;
            }
        }
        if (!any) return "BestEffort";
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
