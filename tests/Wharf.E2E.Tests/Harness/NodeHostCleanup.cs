using System.Diagnostics;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Removes what a node agent left on the host after its server stopped. Every step is attributed to this run: only
/// processes whose command line names our data dir (containerd and its shims) and their descendants (the pod
/// containers) are killed, by PID; only mounts under our data dir and network namespaces that appeared after the
/// snapshot are unmounted; only our bridge, the veths enslaved to it and the routes for our own CIDRs are deleted;
/// the overlay's VXLAN device and the node's nftables tables (node tests run one server at a time) are deleted;
/// cgroups are removed with rmdir, which the kernel refuses for any cgroup that still holds a process.
/// </summary>
public sealed class NodeHostCleanup
{
    private const string NetnsDirectory = "/run/netns";
    private const string CgroupRoot = "/sys/fs/cgroup";
    private const string Ip = "/usr/sbin/ip";
    private const string Nft = "/usr/sbin/nft";
    private const string OverlayDevice = "wharf.1";

    /// <summary>The nftables tables a node's overlay and service proxy keep.</summary>
    private static readonly string[] NftTables = ["wharf-overlay", "wharf-proxy"];

    private readonly string _dataDirectory;
    private readonly WharfServerOptions _options;
    private readonly string _bridge;
    private readonly HashSet<string> _netnsBefore;

    /// <summary>Call before the server starts: network namespaces present now are someone else's.</summary>
    public NodeHostCleanup(string dataDirectory, WharfServerOptions options, string bridge = "wharf0")
    {
        _dataDirectory = dataDirectory;
        _options = options;
        _bridge = bridge;
        _netnsBefore = NetworkNamespaces().ToHashSet();
    }

    /// <summary>Anything that went wrong, one line each (cleanup carries on past failures so as much as possible goes).</summary>
    public List<string> Problems { get; } = [];

    public async Task RunAsync()
    {
        await KillOurProcessesAsync();
        await UnmountAsync();
        await DeleteNetworkAsync();
        RemoveCgroups();
    }

    /// <summary>containerd, its shims, and everything below them (sandbox and container processes).</summary>
    public IReadOnlyList<int> OurProcesses()
    {
        var table = ProcessTable();
        var ours = table.Where(p => p.CommandLine.Contains(_dataDirectory, StringComparison.Ordinal)).Select(p => p.Pid).ToHashSet();
        bool grew;
        do
        {
            grew = false;
            foreach (var p in table)
                grew |= ours.Contains(p.ParentPid) && ours.Add(p.Pid);
        } while (grew);
        ours.Remove(Environment.ProcessId);
        return ours.ToList();
    }

    private async Task KillOurProcessesAsync()
    {
        var pids = OurProcesses();
        foreach (var pid in pids)
            UnixSignals.Send(pid, UnixSignals.SigKill);
        var deadline = Stopwatch.StartNew();
        while (pids.Any(pid => Directory.Exists($"/proc/{pid}")) && deadline.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50);
        foreach (var pid in pids.Where(pid => Directory.Exists($"/proc/{pid}") && !IsZombie(pid)))
            Problems.Add($"process {pid} survived SIGKILL");
    }

    private async Task UnmountAsync()
    {
        var prefix = _dataDirectory.TrimEnd('/') + "/";
        var ourNetns = NetworkNamespaces().Where(n => !_netnsBefore.Contains(n)).Select(n => Path.Combine(NetnsDirectory, n)).ToList();
        // Deepest first, so a mount on top of another comes off before the one beneath it.
        var targets = MountPoints().Where(m => m.StartsWith(prefix, StringComparison.Ordinal) || ourNetns.Contains(m))
            .Distinct().OrderByDescending(m => m.Length).ToList();
        foreach (var target in targets)
        {
            if ((await RunAsync("umount", target)).ExitCode != 0 && (await RunAsync("umount", "-l", target)).ExitCode != 0)
                Problems.Add($"could not unmount {target}");
        }
        foreach (var netns in ourNetns)
        {
            try
            {
                File.Delete(netns);
            }
            catch (IOException e)
            {
                Problems.Add($"could not delete {netns}: {e.Message}");
            }
        }
    }

    private async Task DeleteNetworkAsync()
    {
        if (Directory.Exists($"/sys/class/net/{_bridge}"))
        {
            // veths whose pod side lost its namespace vanish by themselves; any still enslaved to our bridge are ours.
            foreach (var port in Directory.EnumerateFileSystemEntries($"/sys/class/net/{_bridge}/brif").Select(Path.GetFileName))
                await RunAsync(Ip, "link", "del", port!);
            if ((await RunAsync(Ip, "link", "del", _bridge)).ExitCode != 0)
                Problems.Add($"could not delete bridge {_bridge}");
        }
        // The overlay's VXLAN device takes its routes, neighbours and FDB entries with it.
        if (Directory.Exists($"/sys/class/net/{OverlayDevice}") && (await RunAsync(Ip, "link", "del", OverlayDevice)).ExitCode != 0)
            Problems.Add($"could not delete link {OverlayDevice}");
        var tables = (await RunAsync(Nft, "list", "tables", "ip")).StdOut;
        foreach (var table in NftTables.Where(t => tables.Contains($"table ip {t}\n", StringComparison.Ordinal)))
        {
            if ((await RunAsync(Nft, "delete", "table", "ip", table)).ExitCode != 0)
                Problems.Add($"could not delete nft table ip {table}");
        }
        if (_options.ClusterCidr is { } cluster && (await RunAsync(Ip, "route", "show", "type", "unreachable", cluster)).StdOut.Trim().Length > 0)
        {
            if ((await RunAsync(Ip, "route", "del", "unreachable", cluster)).ExitCode != 0)
                Problems.Add($"could not delete route unreachable {cluster}");
        }
        if (_options.ServiceCidr is { } service && (await RunAsync(Ip, "route", "show", "table", "local", "type", "local", service)).StdOut.Trim().Length > 0)
        {
            if ((await RunAsync(Ip, "route", "del", "local", service, "dev", "lo", "table", "local")).ExitCode != 0)
                Problems.Add($"could not delete route local {service}");
        }
    }

    private void RemoveCgroups()
    {
        if (!Directory.Exists(CgroupRoot))
            return;
        // cgroup v1 has one kubepods tree per controller, v2 (or v1's unified mount) one more.
        var roots = Directory.EnumerateDirectories(CgroupRoot).Select(c => Path.Combine(c, "kubepods"))
            .Append(Path.Combine(CgroupRoot, "kubepods")).Where(Directory.Exists);
        foreach (var root in roots)
            RemoveBottomUp(root);
    }

    private void RemoveBottomUp(string directory)
    {
        foreach (var child in Directory.EnumerateDirectories(directory))
            RemoveBottomUp(child);
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Busy: a process still lives in it, so it is not one of ours (ours were all killed above).
        }
    }

    private static IEnumerable<string> NetworkNamespaces() =>
        Directory.Exists(NetnsDirectory) ? Directory.EnumerateFileSystemEntries(NetnsDirectory).Select(p => Path.GetFileName(p)!) : [];

    /// <summary>Mount points from /proc/self/mountinfo (field 5, with the kernel's octal escapes undone).</summary>
    private static IEnumerable<string> MountPoints() =>
        File.ReadLines("/proc/self/mountinfo").Select(line => line.Split(' ')).Where(f => f.Length > 4).Select(f => Unescape(f[4]));

    private static string Unescape(string field) =>
        System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    private static List<(int Pid, int ParentPid, string CommandLine)> ProcessTable()
    {
        var table = new List<(int, int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name in parentheses may hold spaces; the fields after its closing one are fixed.
                var after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                table.Add((pid, int.Parse(after[1]), commandLine));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked.
            }
        }
        return table;
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task<(int ExitCode, string StdOut)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = new ProcessOutput(process);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await output.Closed;
        return (process.ExitCode, output.StdOut);
    }
}
