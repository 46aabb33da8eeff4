namespace Wharf.Node.Logs;

/// <summary>kubelet's log layout, which <c>kubectl logs</c> tooling and log shippers expect.</summary>
public static class PodLogPaths
{
    public const string DefaultRoot = "/var/log/pods";

    /// <summary>ROOT/NAMESPACE_NAME_UID</summary>
    public static string PodDirectory(string root, string podNamespace, string podName, string podUid) =>
        Path.Combine(root, $"{podNamespace}_{podName}_{podUid}");

    /// <summary>NAME/ATTEMPT.log, relative to the pod directory (what CRI's ContainerConfig.log_path takes).</summary>
    public static string ContainerRelativePath(string containerName, uint attempt) =>
        Path.Combine(containerName, $"{attempt}.log");

    public static string ContainerPath(string podDirectory, string containerName, uint attempt) =>
        Path.Combine(podDirectory, ContainerRelativePath(containerName, attempt));
}
