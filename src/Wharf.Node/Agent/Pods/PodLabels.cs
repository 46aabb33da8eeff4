namespace Wharf.Node.Agent.Pods;

/// <summary>The labels kubelet puts on CRI sandboxes and containers (the same keys, so crictl users feel at home).</summary>
internal static class PodLabels
{
    public const string PodName = "io.kubernetes.pod.name";
    public const string PodNamespace = "io.kubernetes.pod.namespace";
    public const string PodUid = "io.kubernetes.pod.uid";
    public const string ContainerName = "io.kubernetes.container.name";
    public const string ContainerType = "io.kubernetes.container.type";

    public static Dictionary<string, string> ForPod(string ns, string name, string uid) => new()
    {
        [PodName] = name,
        [PodNamespace] = ns,
        [PodUid] = uid,
    };
}
