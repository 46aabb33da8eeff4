using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Framework;

/// <summary>A pod with everything the plugins derive from it computed once: requests and compiled affinity terms.</summary>
public sealed class PodInfo
{
    public PodInfo(V1Pod pod)
    {
        Pod = pod;
        var ns = pod.Metadata?.NamespaceProperty ?? "";
        var affinity = pod.Spec?.Affinity;
        RequiredAffinityTerms = [.. (affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => AffinityTerms.For(t, ns))];
        RequiredAntiAffinityTerms = [.. (affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => AffinityTerms.For(t, ns))];
        PreferredAffinityTerms = [.. (affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new WeightedAffinityTerm(AffinityTerms.For(t.PodAffinityTerm, ns), t.Weight))];
        PreferredAntiAffinityTerms = [.. (affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new WeightedAffinityTerm(AffinityTerms.For(t.PodAffinityTerm, ns), t.Weight))];
        Requests = PodResources.Requests(pod);
        NonZeroRequests = PodResources.Requests(pod, nonZeroDefaults: true);
        HostPorts = [.. HostPortInfo.Of(pod)];
    }

    private PodInfo(V1Pod pod, PodInfo derivedFrom)
    {
        Pod = pod;
        RequiredAffinityTerms = derivedFrom.RequiredAffinityTerms;
        RequiredAntiAffinityTerms = derivedFrom.RequiredAntiAffinityTerms;
        PreferredAffinityTerms = derivedFrom.PreferredAffinityTerms;
        PreferredAntiAffinityTerms = derivedFrom.PreferredAntiAffinityTerms;
        Requests = derivedFrom.Requests;
        NonZeroRequests = derivedFrom.NonZeroRequests;
        HostPorts = derivedFrom.HostPorts;
    }

    /// <summary>
    /// This pod's derived figures for <paramref name="placed"/>, a copy of the same pod that differs only in
    /// spec.nodeName (the assumed pod): nothing derived here depends on the node name, so the requests, affinity
    /// terms and host ports are shared (all read-only) instead of computed again on the scheduling thread.
    /// </summary>
    public PodInfo ForPlacedCopy(V1Pod placed) => new(placed, this);

    public V1Pod Pod { get; }
    public IReadOnlyList<AffinityTerm> RequiredAffinityTerms { get; }
    public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms { get; }
    public IReadOnlyList<WeightedAffinityTerm> PreferredAffinityTerms { get; }
    public IReadOnlyList<WeightedAffinityTerm> PreferredAntiAffinityTerms { get; }

    /// <summary>Effective requests (init-container max rule, sidecars, overhead).</summary>
    public Resource Requests { get; }

    /// <summary>Requests with upstream's non-zero defaults for unset cpu/memory, used by scoring.</summary>
    public Resource NonZeroRequests { get; }

    /// <summary>
    /// The host ports the pod takes, read once: node infos add and remove them on every placement, and preemption's
    /// dry run does so for every victim on every candidate node.
    /// </summary>
    public IReadOnlyList<(string Ip, string Protocol, int Port)> HostPorts { get; }

    public bool HasAffinity => PreferredAffinityTerms.Count + PreferredAntiAffinityTerms.Count + RequiredAffinityTerms.Count + RequiredAntiAffinityTerms.Count > 0;
    public bool HasRequiredAntiAffinity => RequiredAntiAffinityTerms.Count > 0;

    public string Uid => Pod.Uid();

    public override string ToString() => Pod.Key();
}
