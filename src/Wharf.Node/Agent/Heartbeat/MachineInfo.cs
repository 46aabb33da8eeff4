using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Wharf.Node.Agent.Heartbeat;

/// <summary>Facts about the machine the Node object reports, read from /proc, /etc/os-release and the interfaces.</summary>
internal sealed record MachineInfo(
    int CpuCount,
    long MemoryBytes,
    long EphemeralStorageBytes,
    long HugePages2MiBytes,
    string KernelVersion,
    string OsImage,
    string Architecture,
    string Hostname,
    string MachineId,
    string BootId)
{
    public static MachineInfo Read(string dataDirectory) => new(
        Environment.ProcessorCount,
        MemInfoBytes("MemTotal"),
        new DriveInfo(dataDirectory).TotalSize,
        HugePages2Mi(),
        FirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString(),
        OsRelease("PRETTY_NAME") ?? "Linux",
        GoArchitecture(RuntimeInformation.OSArchitecture),
        Environment.MachineName.ToLowerInvariant(),
        FirstLine("/etc/machine-id") ?? "",
        FirstLine("/proc/sys/kernel/random/boot_id") ?? "");

    /// <summary>Architecture names as Go (and so Kubernetes labels) spell them.</summary>
    internal static string GoArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>The IPv4 address of the interface that carries the default route, else loopback.</summary>
    public static string DefaultNodeIp() => Host.HostAddresses.DefaultIPv4();

    /// <summary>Pre-allocated 2 MiB huge pages (0 when the default huge page size is another).</summary>
    private static long HugePages2Mi() =>
        MemInfoBytes("Hugepagesize") == 2 * 1024 * 1024 ? MemInfoValue("HugePages_Total") * 2 * 1024 * 1024 : 0;

    /// <summary>A field of /proc/meminfo in bytes (values there are in kB unless unit-less).</summary>
    internal static long MemInfoBytes(string field) => MemInfoValue(field) * 1024;

    private static long MemInfoValue(string field)
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal))
                continue;
            var parts = line[(field.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.TryParse(parts[0], out var value) ? value : 0;
        }
        return 0;
    }

    internal static string? OsRelease(string key, string path = "/etc/os-release")
    {
        if (!File.Exists(path))
            return null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(key + "=", StringComparison.Ordinal))
                return line[(key.Length + 1)..].Trim().Trim('"');
        }
        return null;
    }

    private static string? FirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;
}
