namespace Wharf.Scheduler.Framework;

/// <summary>Well-known resource names and upstream's classification of scalar resources.</summary>
public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";

    /// <summary>Extended resources live outside the kubernetes.io domain and carry a domain prefix.</summary>
    public static bool IsExtended(string name) =>
        name.Contains('/') && !name.Contains("kubernetes.io/", StringComparison.Ordinal) && !name.StartsWith("requests.", StringComparison.Ordinal);

    public static bool IsHugePages(string name) => name.StartsWith("hugepages-", StringComparison.Ordinal);

    public static bool IsScalar(string name) =>
        IsExtended(name) || IsHugePages(name) || name.StartsWith("attachable-volumes-", StringComparison.Ordinal);
}
