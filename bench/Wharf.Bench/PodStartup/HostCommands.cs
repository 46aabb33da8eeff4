using System.Diagnostics;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// What the benchmark runs on the host to clean up after a node: a command with its output, mounts below a folder
/// (deepest first), our processes by PID, a bridge and nft tables by name. Cleanup carries on past failures.
/// </summary>
internal static class HostCommands
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private const string NetnsDirectory = "/run/netns";

    /// <summary>The named network namespaces now (CNI names each pod's one under /run/netns).</summary>
    public static IReadOnlySet<string> NetworkNamespaces() =>
        Directory.Exists(NetnsDirectory) ? Directory.EnumerateFiles(NetnsDirectory).Select(Path.GetFileName).OfType<string>().ToHashSet() : new HashSet<string>();

    /// <summary>
    /// Deletes the network namespaces that appeared since <paramref name="before"/>: a sandbox whose runtime was
    /// stopped before it removed the sandbox leaves its namespace (and the veth in it) behind.
    /// </summary>
    public static async Task DeleteNetworkNamespacesSinceAsync(IReadOnlySet<string> before)
    {
        foreach (var name in NetworkNamespaces().Where(n => !before.Contains(n)))
            await RunAsync("/usr/sbin/ip", "netns", "delete", name);
    }

    /// <summary>Lazily unmounts everything mounted at or below <paramref name="folder"/>, deepest first.</summary>
    public static async Task UnmountBelowAsync(string folder)
    {
        var prefix = folder.TrimEnd('/') + "/";
        var mounts = File.ReadLines("/proc/self/mountinfo")
            .Select(l => l.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(m => m.Length);
        foreach (var mount in mounts)
            await RunAsync("/usr/bin/umount", "-l", mount);
    }

    /// <summary>SIGKILL to every process whose command line names <paramref name="folder"/>, and their descendants.</summary>
    public static async Task KillProcessesNamingAsync(string folder)
    {
        var table = new List<(int Pid, int Parent, string CommandLine)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                table.Add((pid, parent, commandLine));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Gone while listing.
            }
        }
        var ours = table.Where(p => p.CommandLine.Contains(folder, StringComparison.Ordinal)).Select(p => p.Pid).ToHashSet();
        bool grew;
        do
        {
            grew = false;
            foreach (var p in table)
                grew |= ours.Contains(p.Parent) && ours.Add(p.Pid);
        } while (grew);
        foreach (var pid in ours)
            await RunAsync("/bin/kill", "-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = Stopwatch.StartNew();
        while (ours.Any(pid => Directory.Exists($"/proc/{pid}")) && deadline.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50);
    }

    public static Task DeleteLinkAsync(string name) => RunAsync("/usr/sbin/ip", "link", "delete", name);

    public static Task DeleteNftTableAsync(string family, string name) => RunAsync("/usr/sbin/nft", "delete", "table", family, name);
}
