using k8s.Models;

namespace Wharf.Node.Agent.Pods;

/// <summary>A pod's QoS class as upstream computes it (over init and regular containers, cpu and memory).</summary>
internal static class QosClass
{
    public const string Guaranteed = "Guaranteed";
    public const string Burstable = "Burstable";
    public const string BestEffort = "BestEffort";

    private static readonly string[] Tracked = ["cpu", "memory"];

    public static string Of(V1PodSpec spec)
    {
        var containers = (spec.InitContainers ?? []).Concat(spec.Containers ?? []).ToList();
        var anySet = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var requests = container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>();
            var limits = container.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>();
            foreach (var name in Tracked)
            {
                var hasLimit = limits.TryGetValue(name, out var limit) && !IsZero(limit);
                var hasRequest = requests.TryGetValue(name, out var request) && !IsZero(request);
                anySet |= hasLimit || hasRequest;
                // A request left out defaults to the limit, so it matches.
                if (!hasLimit || (hasRequest && request!.ToDecimal() != limit!.ToDecimal()))
                    guaranteed = false;
            }
        }
        if (!anySet)
            return BestEffort;
        return guaranteed ? Guaranteed : Burstable;
    }

    private static bool IsZero(ResourceQuantity q) => q.ToDecimal() == 0;
}
