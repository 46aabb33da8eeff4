using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Util;

/// <summary>
/// Effective pod requests as upstream computes them: the sum of app containers and sidecars, or the largest
/// init-container step (plus sidecars started before it) if bigger, plus pod overhead.
/// </summary>
internal static class PodResources
{
    /// <summary>Used for scoring when a container leaves cpu/memory unset: 100m and 200MiB.</summary>
    public const long DefaultMilliCpuRequest = 100;
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    public static Resource Requests(V1Pod pod, bool nonZeroDefaults = false)
    {
        var reqs = new Resource();
        foreach (var c in pod.Spec?.Containers ?? []) reqs.Add(ContainerRequests(c, nonZeroDefaults));

        var sidecars = new Resource();
        var initMax = new Resource();
        foreach (var c in pod.Spec?.InitContainers ?? [])
        {
            var cr = ContainerRequests(c, nonZeroDefaults);
            if (IsSidecar(c))
            {
                reqs.Add(cr);
                sidecars.Add(cr);
                initMax.SetMax(sidecars);
            }
            else
            {
                var step = cr.Clone();
                step.Add(sidecars);
                initMax.SetMax(step);
            }
        }
        reqs.SetMax(initMax);
        if (pod.Spec?.Overhead is { } overhead) reqs.Add(Quantities.ToResource(overhead));
        return reqs;
    }

    public static bool IsSidecar(V1Container c) => c.RestartPolicy == "Always";

    private static Resource ContainerRequests(V1Container c, bool nonZeroDefaults)
    {
        var requests = c.Resources?.Requests;
        var r = Quantities.ToResource(requests);
        if (nonZeroDefaults)
        {
            // Only an absent request gets the default; an explicit zero stays zero, as upstream.
            if (requests is null || !requests.ContainsKey(ResourceNames.Cpu)) r.MilliCpu = DefaultMilliCpuRequest;
            if (requests is null || !requests.ContainsKey(ResourceNames.Memory)) r.Memory = DefaultMemoryRequest;
        }
        return r;
    }
}
