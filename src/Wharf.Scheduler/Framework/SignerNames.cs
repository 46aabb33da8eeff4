namespace Wharf.Scheduler.Framework;

/// <summary>Keys of signature fragments, as upstream names them (plugins sharing a key write the same value).</summary>
public static class SignerNames
{
    public const string ImageNames = "v1.Pod.Spec.CanonicalImageNames()";
    public const string Labels = "v1.Pod.Labels";
    public const string NodeName = "v1.Pod.Spec.NodeName";
    public const string NodeAffinity = "v1.Pod.Spec.Affinity.NodeAffinity";
    public const string NodeSelector = "v1.Pod.Spec.Affinity.NodeSelector";
    public const string HostPorts = "v1.Pod.Spec.HostPorts()";
    public const string Resources = "v1.Pod.Spec.ContainerRequestsAndOverheads()";
    public const string SchedulerName = "v1.Pod.Spec.SchedulerName";
    public const string Tolerations = "v1.Pod.Spec.Tolerations";
    public const string Volumes = "v1.Pod.Spec.Volumes.NonSyntheticSources()";
}
