namespace Wharf.Node.Agent.Admission;

/// <summary>Resource names and the classes upstream sorts them into (native, extended, scalar).</summary>
internal static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";

    /// <summary>Native: no domain, or a kubernetes.io domain.</summary>
    public static bool IsNative(string name) => !name.Contains('/') || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>Extended: a domain-prefixed name outside kubernetes.io (e.g. example.com/gpu), never a quota name.</summary>
    public static bool IsExtended(string name) => !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal);

    /// <summary>What the fit check compares besides cpu, memory and ephemeral-storage: extended, huge pages, prefixed native, attachable volumes.</summary>
    public static bool IsScalar(string name) =>
        IsExtended(name)
        || name.StartsWith("hugepages-", StringComparison.Ordinal)
        || name.StartsWith("kubernetes.io/", StringComparison.Ordinal)
        || name.StartsWith("attachable-volumes-", StringComparison.Ordinal);
}
