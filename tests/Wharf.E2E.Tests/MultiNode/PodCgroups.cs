namespace Wharf.E2E.Tests.MultiNode;

/// <summary>
/// The pod cgroups (cgroupfs driver, under kubepods in every hierarchy) that appear while a netns cluster runs: its
/// agents share the host's cgroup tree. Node tests run one class at a time, so what is new is ours; removal is rmdir,
/// which the kernel refuses for a cgroup still holding a process.
/// </summary>
internal sealed class PodCgroups
{
    private const string CgroupRoot = "/sys/fs/cgroup";
    private HashSet<string> _before = [];

    public void Snapshot() => _before = All().ToHashSet();

    /// <summary>
    /// Removes the new cgroups deepest first; returns the ones that would not go. A few rounds, because a killed
    /// process keeps its cgroup busy until its parent has reaped it.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveNewAsync()
    {
        var failed = new List<string>();
        for (var round = 0; round < 10; round++)
        {
            failed.Clear();
            foreach (var directory in All().Where(d => !_before.Contains(d)).OrderByDescending(d => d.Length).ToList())
            {
                try
                {
                    Directory.Delete(directory);
                }
                catch (IOException e)
                {
                    failed.Add($"cgroup {directory}: {e.Message}");
                }
            }
            if (failed.Count == 0)
                break;
            await Task.Delay(200);
        }
        return failed;
    }

    private static IEnumerable<string> All()
    {
        if (!Directory.Exists(CgroupRoot))
            return [];
        // cgroup v1 has one kubepods tree per controller, v2 (or v1's unified mount) one more.
        return Directory.EnumerateDirectories(CgroupRoot).Select(c => Path.Combine(c, "kubepods"))
            .Append(Path.Combine(CgroupRoot, "kubepods")).Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root));
    }
}
