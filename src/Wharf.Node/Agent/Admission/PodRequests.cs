using k8s.Models;

namespace Wharf.Node.Agent.Admission;

/// <summary>
/// What a pod asks of a node, as the scheduler and kubelet count it: the containers' sum, at least the largest init
/// container (plus the sidecars started before it), sidecars (restartable init containers) added to the sum, then
/// the pod overhead. CPU in millicores, everything else in whole units rounded up.
/// </summary>
internal static class PodRequests
{
    public static Dictionary<string, long> Of(V1PodSpec spec)
    {
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var container in spec.Containers ?? [])
            Add(total, Of(container));

        var sidecars = new Dictionary<string, long>(StringComparer.Ordinal);
        var initMax = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var init in spec.InitContainers ?? [])
        {
            var own = Of(init);
            if (init.RestartPolicy == "Always")
            {
                // A sidecar keeps running beside the app containers, and beside every init container after it.
                Add(total, own);
                Add(sidecars, own);
                Max(initMax, sidecars);
            }
            else
            {
                Add(own, sidecars);
                Max(initMax, own);
            }
        }
        Max(total, initMax);
        if (spec.Overhead is { } overhead)
            Add(total, Units(overhead));
        return total;
    }

    /// <summary>A container's requests; a resource with only a limit requests the limit (the API's defaulting).</summary>
    public static Dictionary<string, long> Of(V1Container container)
    {
        var result = Units(container.Resources?.Limits);
        foreach (var (name, value) in Units(container.Resources?.Requests))
            result[name] = value;
        return result;
    }

    public static Dictionary<string, long> Units(IDictionary<string, ResourceQuantity>? list)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, quantity) in list ?? new Dictionary<string, ResourceQuantity>())
        {
            var value = quantity.ToDecimal();
            result[name] = (long)Math.Ceiling(name == ResourceNames.Cpu ? value * 1000 : value);
        }
        return result;
    }

    public static void Add(Dictionary<string, long> into, IReadOnlyDictionary<string, long> other)
    {
        foreach (var (name, value) in other)
            into[name] = into.GetValueOrDefault(name) + value;
    }

    private static void Max(Dictionary<string, long> into, IReadOnlyDictionary<string, long> other)
    {
        foreach (var (name, value) in other)
            into[name] = Math.Max(into.GetValueOrDefault(name), value);
    }
}
