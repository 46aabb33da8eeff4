using k8s.Models;

namespace Wharf.Node.Agent.Admission;

/// <summary>
/// Kubelet's predicate admission: does a pod bound to this node fit beside the pods already admitted? Checks, in
/// upstream's order: the OS label and field, resources against allocatable (pods count, cpu, memory,
/// ephemeral-storage, then the scalar resources; extended resources the node does not have are ignored as
/// cluster-level ones), node selector/required affinity, node name, host ports, untolerated NoExecute taints. The
/// first failure is the verdict.
/// </summary>
public static class PodAdmitter
{
    public const string NodeAffinity = "NodeAffinity";
    public const string NodeName = "NodeName";
    public const string NodePorts = "NodePorts";
    public const string TaintToleration = "TaintToleration";
    public const string NodeAffinityReason = "node(s) didn't match Pod's node affinity/selector";
    private const string Os = "linux";
    private const string OsLabel = "kubernetes.io/os";

    /// <param name="pod">The pod asking to run.</param>
    /// <param name="node">The Node object (labels, taints, status.allocatable).</param>
    /// <param name="admitted">Pods admitted before it that are not finished.</param>
    public static AdmissionResult Admit(V1Pod pod, V1Node node, IReadOnlyCollection<V1Pod> admitted)
    {
        if (pod.Metadata?.Labels?.TryGetValue(OsLabel, out var os) == true && os != Os)
            return new AdmissionResult(false, "PodOSSelectorNodeLabelDoesNotMatch", "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label");
        if (pod.Spec.Os?.Name is { } osName && osName != Os)
            return new AdmissionResult(false, "PodOSNotSupported", "Failed to admit pod as the OS field doesn't match node OS");

        if (Fit(pod.Spec, node, admitted) is { } insufficient)
            return insufficient;
        if (!RequiredNodeAffinity.Matches(pod.Spec, node))
            return AdmissionResult.Predicate(NodeAffinity, NodeAffinityReason);
        if (pod.Spec.NodeName is { Length: > 0 } name && name != node.Metadata?.Name)
            return AdmissionResult.Predicate(NodeName, "node(s) didn't match the requested node name");
        if (HostPorts.Conflict(pod.Spec, admitted.Select(p => p.Spec)))
            return AdmissionResult.Predicate(NodePorts, "node(s) didn't have free ports for the requested pod ports");
        if (Tolerations.FirstUntolerated(node.Spec?.Taints, pod.Spec.Tolerations, Tolerations.NoExecute) is not null)
            return AdmissionResult.Predicate(TaintToleration, "node(s) had taints that the pod didn't tolerate");
        return AdmissionResult.Admitted;
    }

    private static AdmissionResult? Fit(V1PodSpec spec, V1Node node, IReadOnlyCollection<V1Pod> admitted)
    {
        var allocatable = PodRequests.Units(node.Status?.Allocatable);
        var allowedPods = allocatable.GetValueOrDefault(ResourceNames.Pods);
        if (admitted.Count + 1 > allowedPods)
            return AdmissionResult.Insufficient(ResourceNames.Pods, 1, admitted.Count, allowedPods);

        var request = PodRequests.Of(spec);
        foreach (var name in request.Keys.Where(n => ResourceNames.IsExtended(n) && !allocatable.ContainsKey(n)).ToList())
            request.Remove(name);
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var other in admitted)
            PodRequests.Add(used, PodRequests.Of(other.Spec));

        string[] basic = [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.EphemeralStorage];
        var scalars = request.Keys.Where(ResourceNames.IsScalar).Order(StringComparer.Ordinal);
        foreach (var name in basic.Concat(scalars))
        {
            var wanted = request.GetValueOrDefault(name);
            var capacity = allocatable.GetValueOrDefault(name);
            var inUse = used.GetValueOrDefault(name);
            if (wanted > 0 && wanted > capacity - inUse)
                return AdmissionResult.Insufficient(name, wanted, inUse, capacity);
        }
        return null;
    }
}
