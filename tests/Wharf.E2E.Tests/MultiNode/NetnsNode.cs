using System.Diagnostics;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.MultiNode;

/// <summary>
/// One node of the netns cluster: a network namespace with a veth to the test bridge (its address, lo, a default
/// route via the bridge) and a <c>wharf agent</c> started in it with <c>ip netns exec</c>, so the agent's containerd,
/// pod bridge, routes, overlay and nftables tables all live inside the namespace (and its mounts in the private mount
/// namespace <c>ip netns exec</c> creates). Teardown is by PID and by attribution only: the agent, then every process
/// naming this node's data dir and their descendants, the pod namespaces their mount tables held, the namespace and veth.
/// </summary>
public sealed class NetnsNode : IAsyncDisposable
{
    private const string NetnsDirectory = "/run/netns/";
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _root;
    private readonly string _veth;
    private readonly IReadOnlyList<string> _agentArguments;
    private readonly HashSet<string> _podNetns = [];
    private Process? _agent;
    private ProcessOutput? _output;
    private string _previousOutput = "";

    private NetnsNode(string name, string netns, string veth, string address, TempDirectory root, IReadOnlyList<string> agentArguments)
    {
        Name = name;
        Netns = netns;
        _veth = veth;
        Address = address;
        _root = root;
        _agentArguments = agentArguments;
    }

    /// <summary>The Node's name in the cluster.</summary>
    public string Name { get; }

    public string Netns { get; }

    /// <summary>The node IP, on the test bridge's subnet.</summary>
    public string Address { get; }

    public string DataDirectory => Path.Combine(_root.Path, "data");

    /// <summary>The agent's PID; -1 when it is not running.</summary>
    public int AgentPid => _agent is { HasExited: false } p ? p.Id : -1;

    /// <summary>Everything the agent wrote, across restarts (for failure messages).</summary>
    public string Output => _previousOutput + (_output is null ? "" : _output.StdOut + _output.StdErr);

    /// <summary>Builds the namespace and its link to <paramref name="bridge"/> and copies the images in; the agent starts with <see cref="StartAgent"/>.</summary>
    internal static async Task<NetnsNode> CreateAsync(TestBridge bridge, string name, int host, NodeAgentSettings settings, CancellationToken ct)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var root = new TempDirectory($"netns-{name}");
        var resolvConf = root.File("resolv.conf");
        // The cluster DNS forwards other names to loopback, where nothing answers: no query ever leaves the machine.
        await File.WriteAllTextAsync(resolvConf, "nameserver 127.0.0.1\n", ct);
        var address = bridge.HostAddress(host);
        var node = new NetnsNode(name, $"wharf-mn-{suffix}", $"mnv{suffix}", address, root, settings.Arguments(name, address, Path.Combine(root.Path, "data"), resolvConf));
        try
        {
            await node.CreateNetworkAsync(bridge);
            await LocalImages.CopyIntoAsync(node.DataDirectory, ct);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private async Task CreateNetworkAsync(TestBridge bridge)
    {
        await HostCommand.RunCheckedAsync(HostCommand.Ip, "netns", "add", Netns);
        await HostCommand.RunCheckedAsync(HostCommand.Ip, "link", "add", _veth, "type", "veth", "peer", "name", "eth0", "netns", Netns);
        await HostCommand.RunCheckedAsync(HostCommand.Ip, "link", "set", _veth, "master", bridge.Name, "up");
        await HostCommand.RunCheckedAsync(HostCommand.Ip, "-n", Netns, "addr", "add", $"{Address}/24", "dev", "eth0");
        await HostCommand.RunCheckedAsync(HostCommand.Ip, "-n", Netns, "link", "set", "eth0", "up");
        await HostCommand.RunCheckedAsync(HostCommand.Ip, "-n", Netns, "link", "set", "lo", "up");
        await HostCommand.RunCheckedAsync(HostCommand.Ip, "-n", Netns, "route", "add", "default", "via", bridge.Address);
    }

    /// <summary>Starts (or starts again, on the same data dir) <c>wharf agent</c> inside the namespace.</summary>
    public void StartAgent()
    {
        if (AgentPid > 0)
            throw new InvalidOperationException($"the agent of {Name} is already running");
        if (_output is not null)
            _previousOutput += _output.StdOut + _output.StdErr + "\n--- restart ---\n";
        _agent?.Dispose();
        var start = new ProcessStartInfo(HostCommand.Ip) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // ip and then sh exec the command in place: the PID we hold is the agent's own.
        var script = CgroupMountScript.Render() + "exec \"$@\"\n";
        foreach (var arg in new[] { "netns", "exec", Netns, "sh", "-c", script, "sh", "dotnet", WharfBinary.DllPath }.Concat(_agentArguments))
            start.ArgumentList.Add(arg);
        _agent = Process.Start(start) ?? throw new InvalidOperationException("ip netns exec did not start");
        _output = new ProcessOutput(_agent);
        ChildProcessReaper.Track(_agent);
    }

    /// <summary>
    /// Stops the agent process by its PID (SIGTERM, SIGKILL if it hangs), as an operator stopping the service would:
    /// containerd, the shims and the containers are left as they are.
    /// </summary>
    public async Task StopAgentAsync()
    {
        if (_agent is null || _agent.HasExited)
            return;
        RememberPodNetns();
        UnixSignals.Send(_agent.Id, UnixSignals.SigTerm);
        try
        {
            await _agent.WaitForExitAsync().WaitAsync(StopWithin);
        }
        catch (TimeoutException)
        {
            UnixSignals.Send(_agent.Id, UnixSignals.SigKill);
            await _agent.WaitForExitAsync();
        }
    }

    /// <summary>Every step runs even when an earlier one failed (as much as possible goes); the failures are thrown together.</summary>
    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var step in new Func<Task>[] { StopAgentAsync, KillLeftoversAsync, RemoveNetworkAsync })
        {
            try
            {
                await step();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        _agent?.Dispose();
        _root.Dispose();
        if (failures.Count > 0)
            throw new AggregateException($"tearing down node {Name}", failures);
    }

    /// <summary>containerd, its shims and every process below them; the pod namespaces they held go afterwards.</summary>
    private async Task KillLeftoversAsync()
    {
        var pids = new NodeHostCleanup(DataDirectory, WharfServerOptions.ControlPlaneOnly).OurProcesses();
        RememberPodNetns(pids);
        foreach (var pid in pids)
            UnixSignals.Send(pid, UnixSignals.SigKill);
        var deadline = Stopwatch.StartNew();
        while (pids.Any(pid => Directory.Exists($"/proc/{pid}")) && deadline.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50);
        // Mounts made in the agent's mount namespace died with it; any that reached ours (none expected) go too.
        var prefix = DataDirectory + "/";
        foreach (var mount in MountPoints("self").Where(m => m.StartsWith(prefix, StringComparison.Ordinal) || _podNetns.Contains(m)).OrderByDescending(m => m.Length))
            await HostCommand.RunAsync("umount", "-l", mount);
        foreach (var netns in _podNetns)
            File.Delete(netns);
    }

    private async Task RemoveNetworkAsync()
    {
        // Another suite's cleanup on this shared host may have removed the name already; the namespace itself went
        // with its last process either way.
        if (File.Exists(NetnsDirectory + Netns) && (await HostCommand.RunAsync(HostCommand.Ip, "netns", "del", Netns)).ExitCode != 0 && File.Exists(NetnsDirectory + Netns))
            throw new InvalidOperationException($"could not delete network namespace {Netns}");
        // Gone with the namespace normally (a veth pair dies with either end); a failed set-up may leave it alone.
        if (Directory.Exists($"/sys/class/net/{_veth}"))
            await HostCommand.RunCheckedAsync(HostCommand.Ip, "link", "del", _veth);
    }

    private void RememberPodNetns() => RememberPodNetns(new NodeHostCleanup(DataDirectory, WharfServerOptions.ControlPlaneOnly).OurProcesses());

    /// <summary>
    /// CNI bind-mounts each pod's namespace onto a file in /run/netns inside the agent's mount namespace; the file is
    /// visible to all, the mount only there. Reading the mount tables of our own processes tells which files are ours.
    /// </summary>
    private void RememberPodNetns(IEnumerable<int> pids)
    {
        var candidates = new HashSet<string>();
        foreach (var pid in pids.Append(AgentPid).Where(p => p > 0))
        {
            try
            {
                candidates.UnionWith(MountPoints(pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Where(m => m.StartsWith(NetnsDirectory, StringComparison.Ordinal)));
            }
            catch (IOException)
            {
                // Exited meanwhile.
            }
        }
        // Namespaces mounted in the root mount namespace (other nodes', other tests') propagate into the agent's too:
        // only those mounted there and not here were made by this node. Reading ours last means anything that had
        // propagated there is seen here as well.
        candidates.ExceptWith(MountPoints("self"));
        _podNetns.UnionWith(candidates);
    }

    /// <summary>
    /// Runs a host tool inside the node's network namespace, entered through the agent's PID: the name in /run/netns
    /// is only a handle, which other suites' cleanup on this shared host may remove while the namespace lives on.
    /// </summary>
    public Task<string> RunInNetnsAsync(string file, params string[] args)
    {
        var pid = AgentPid > 0 ? AgentPid : throw new InvalidOperationException($"the agent of {Name} is not running");
        return HostCommand.RunCheckedAsync("/usr/bin/nsenter", [$"--net=/proc/{pid}/ns/net", "--", file, .. args]);
    }

    private static IEnumerable<string> MountPoints(string pid) =>
        File.ReadLines($"/proc/{pid}/mountinfo").Select(l => l.Split(' ')).Where(f => f.Length > 4).Select(f => f[4]);
}
