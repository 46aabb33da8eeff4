namespace Wharf.Node.Host;

/// <summary>
/// Removes the cgroups the runtime created under a cgroup parent, in every mounted hierarchy (cgroup v1 controllers
/// and the unified v2 mount of a hybrid layout, or a pure v2 root). Only empty cgroups can go; rmdir is the API.
/// </summary>
internal static class CgroupCleaner
{
    private const string CgroupRoot = "/sys/fs/cgroup";

    public static IReadOnlyList<string> DirectoriesFor(string cgroupParent)
    {
        var relative = cgroupParent.Trim('/');
        if (relative.Length == 0)
            throw new ArgumentException("refusing to clean the root cgroup", nameof(cgroupParent));
        var hierarchies = File.Exists(Path.Combine(CgroupRoot, "cgroup.controllers"))
            ? [CgroupRoot]
            : Directory.GetDirectories(CgroupRoot);
        return hierarchies.Select(h => Path.Combine(h, relative)).Where(Directory.Exists).ToList();
    }

    /// <summary>Returns the cgroup directories that could not be removed (still holding processes).</summary>
    public static IReadOnlyList<string> RemoveTree(string cgroupParent)
    {
        var failed = new List<string>();
        foreach (var top in DirectoriesFor(cgroupParent))
        {
            var all = Directory.GetDirectories(top, "*", SearchOption.AllDirectories)
                .OrderByDescending(d => d.Length)
                .Append(top);
            foreach (var directory in all)
            {
                try { Directory.Delete(directory, recursive: false); }
                catch (IOException) { failed.Add(directory); }
                catch (UnauthorizedAccessException) { failed.Add(directory); }
            }
        }
        return failed;
    }
}
