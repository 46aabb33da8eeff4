namespace Wharf.E2E.Tests.MultiNode;

/// <summary>
/// <c>ip netns exec</c> gives the command a fresh sysfs for the namespace (so /sys/class/net lists the node's own
/// links), which drops the cgroup mounts below /sys/fs/cgroup: runc then finds no cgroup hierarchy. This script, run
/// in that mount namespace before the agent, mounts the host's cgroup hierarchies again (same type, source and
/// options as the host's mount table says, so the very same hierarchies) and recreates the symlinks between them.
/// </summary>
internal static class CgroupMountScript
{
    private const string CgroupRoot = "/sys/fs/cgroup";

    /// <summary>A POSIX shell prologue; set -e makes a failed mount stop the node instead of breaking pods later.</summary>
    public static string Render()
    {
        var lines = new List<string> { "set -e" };
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // Fields: id parent major:minor root mount-point options [optional…] - fstype source super-options
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            var mountPoint = fields[4];
            if (separator < 0 || !(mountPoint == CgroupRoot || mountPoint.StartsWith(CgroupRoot + "/", StringComparison.Ordinal)))
                continue;
            var (type, source, options) = (fields[separator + 1], fields[separator + 2], fields[separator + 3]);
            lines.Add($"mkdir -p {Quote(mountPoint)}");
            lines.Add($"mount -t {Quote(type)} -o {Quote(options)} {Quote(source)} {Quote(mountPoint)}");
            if (mountPoint == CgroupRoot)
                lines.AddRange(Symlinks());
        }
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>cpu → cpu,cpuacct and the like, which live in the tmpfs at the root.</summary>
    private static IEnumerable<string> Symlinks() =>
        new DirectoryInfo(CgroupRoot).EnumerateFileSystemInfos().Where(e => e.LinkTarget is not null)
            .Select(e => $"ln -s {Quote(e.LinkTarget!)} {Quote(e.FullName)}");

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
