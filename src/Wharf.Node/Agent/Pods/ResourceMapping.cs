using k8s.Models;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>Requests and limits to CRI's Linux resources, with kubelet's formulas (cfs period 100 ms, shares from requests).</summary>
internal static class ResourceMapping
{
    public const long CpuPeriod = 100_000;
    private const long MinShares = 2;
    private const long SharesPerCpu = 1024;

    public static ResourceSpec For(V1Container container, string qosClass, long nodeMemoryBytes)
    {
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        var cpuLimitMilli = Milli(limits, "cpu");
        // Without a request the request is the limit (API defaulting), else the minimum.
        var cpuRequestMilli = Milli(requests, "cpu") ?? cpuLimitMilli;
        var memoryLimit = Value(limits, "memory");
        var memoryRequest = Value(requests, "memory") ?? memoryLimit ?? 0;
        var shares = cpuRequestMilli is { } r ? Math.Max(MinShares, r * SharesPerCpu / 1000) : MinShares;
        var quota = cpuLimitMilli is { } l ? Math.Max(1000, l * CpuPeriod / 1000) : 0;
        return new ResourceSpec(
            CpuShares: shares,
            CpuQuota: quota,
            CpuPeriod: quota > 0 ? CpuPeriod : 0,
            MemoryLimitBytes: memoryLimit ?? 0,
            OomScoreAdj: OomScoreAdj(qosClass, memoryRequest, nodeMemoryBytes));
    }

    /// <summary>Upstream's policy: Guaranteed -997, BestEffort 1000, Burstable between 2 and 999 by memory request.</summary>
    internal static long OomScoreAdj(string qosClass, long memoryRequest, long nodeMemoryBytes) => qosClass switch
    {
        QosClass.Guaranteed => -997,
        QosClass.BestEffort => 1000,
        _ => Math.Clamp(1000 - (nodeMemoryBytes > 0 ? 1000 * memoryRequest / nodeMemoryBytes : 0), 2, 999),
    };

    private static long? Milli(IDictionary<string, ResourceQuantity>? list, string name) =>
        list is not null && list.TryGetValue(name, out var q) ? (long)Math.Ceiling(q.ToDecimal() * 1000) : null;

    private static long? Value(IDictionary<string, ResourceQuantity>? list, string name) =>
        list is not null && list.TryGetValue(name, out var q) ? (long)Math.Ceiling(q.ToDecimal()) : null;
}
