namespace Wharf.Node.Containerd;

/// <summary>
/// Finds the containerd shims serving one containerd (their command line carries <c>-address SOCKET</c>). Shims
/// outlive a stopped containerd by design, so teardown (and tests) find and stop them by PID.
/// </summary>
internal static class ShimProcesses
{
    public static IReadOnlyList<int> FindFor(string containerdAddress)
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            string[] argv;
            try
            {
                argv = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (argv.Length == 0 || !Path.GetFileName(argv[0]).StartsWith("containerd-shim", StringComparison.Ordinal))
                continue;
            var at = Array.IndexOf(argv, "-address");
            if (at >= 0 && at + 1 < argv.Length && argv[at + 1] == containerdAddress)
                pids.Add(pid);
        }
        return pids;
    }
}
