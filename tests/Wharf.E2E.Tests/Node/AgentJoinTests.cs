using System.Diagnostics;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Node;

/// <summary>
/// A standalone <c>wharf agent</c> joining a control-plane-only server with the join token: it gets its own client
/// certificate (the API sees system:node:NAME) and kubelet serving certificate (the API server reaches its kubelet
/// API), and its Node turns Ready. It runs beside the collection's embedded agent, so it keeps off what that one owns:
/// another kubelet port, its own pod/service ranges, no overlay and no cluster DNS, and no pods (so no bridge).
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class AgentJoinTests : IAsyncLifetime
{
    private const string NodeName = "wharf-join-e2e";
    private const string ClusterCidr = "10.213.0.0/16";
    private const string ServiceCidr = "10.214.0.0/16";
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    private static readonly WharfServerOptions ServerOptions = WharfServerOptions.ControlPlaneOnly with
    {
        ClusterCidr = ClusterCidr,
        ServiceCidr = ServiceCidr,
        ClusterDns = "10.214.0.10",
    };

    private readonly TempDirectory _agentRoot = new("agent");
    private WharfServer? _server;

    private WharfServer Server => _server ?? throw new InvalidOperationException("not initialised");

    private string AgentData => Path.Combine(_agentRoot.Path, "data");

    private string Pki => Path.Combine(AgentData, "agent", "pki");

    public async Task InitializeAsync() => _server = await WharfServer.StartAsync(ServerOptions, CancellationToken.None);

    [Fact]
    public async Task A_joined_agent_registers_a_ready_node_and_acts_as_system_node_name()
    {
        var token = File.ReadAllText(Path.Combine(Server.DataDirectory, "token")).Trim();
        using var kubectl = new Kubectl(Server.KubeconfigPath);
        await using var agent = AgentProcess.Start(AgentArguments(token), AgentData);

        await Poll.UntilAsync(async () =>
            (await kubectl.RunAsync("get", "node", NodeName, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).StdOut == "True",
            ReadyWithin, $"node {NodeName} Ready; agent output:\n{agent.Output}");

        var yaml = (await kubectl.RunAsync("get", "node", NodeName, "-o", "yaml")).EnsureSuccess().StdOut;
        Assert.Contains($"kubernetes.io/hostname: {NodeName}", yaml);
        Assert.Contains("containerRuntimeVersion: containerd://", yaml);
        Assert.Contains($"Port: {agent.KubeletPort}", yaml);

        // The agent's own certificate, not the token and not the admin's, is what the API sees.
        using var asNode = new Kubectl(WriteNodeKubeconfig());
        var whoami = (await asNode.RunAsync("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")).EnsureSuccess().StdOut;
        Assert.Equal($"system:node:{NodeName} [\"system:nodes\",\"system:authenticated\"]", whoami);

        // The API server reaches the kubelet API: the serving certificate chains to the cluster CA and names the node IP.
        var healthz = (await kubectl.RunAsync("get", "--raw", $"/api/v1/nodes/{NodeName}/proxy/healthz")).EnsureSuccess().StdOut;
        Assert.Equal("ok", healthz.Trim());

        foreach (var key in new[] { "client-kubelet.key", "serving-kubelet.key" })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Pki, key)));
    }

    [Fact]
    public async Task An_agent_with_a_wrong_secret_is_refused_and_exits()
    {
        var token = File.ReadAllText(Path.Combine(Server.DataDirectory, "token")).Trim();
        var wrong = token[..(token.LastIndexOf(':') + 1)] + "00000000000000000000000000000000";
        await using var agent = AgentProcess.Start(AgentArguments(wrong), AgentData);

        var exitCode = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.Contains("401", agent.Output);
        Assert.False(File.Exists(Path.Combine(Pki, "client-kubelet.crt")));
    }

    private List<string> AgentArguments(string token) =>
    [
        "agent", "--server", Server.Url.ToString(), "--token", token, "--node-name", NodeName, "--data-dir", AgentData,
        "--cluster-cidr", ClusterCidr, "--service-cidr", ServiceCidr, "--cluster-dns", "10.214.0.10",
        "--node-ip", "127.0.0.1", "--kubelet-port", FreePort.Next().ToString(),
        "--flannel-backend", "none", "--disable", "dns,proxy", "--resolv-conf", WriteResolvConf(),
    ];

    /// <summary>Upstream resolvers on loopback only: nothing here may query a DNS server off the machine.</summary>
    private string WriteResolvConf()
    {
        var path = _agentRoot.File("resolv.conf");
        File.WriteAllText(path, "nameserver 127.0.0.1\n");
        return path;
    }

    private string WriteNodeKubeconfig()
    {
        var path = _agentRoot.File("node-kubeconfig.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: wharf
              cluster:
                server: "{Server.Url}"
                certificate-authority: "{Path.Combine(Server.DataDirectory, "tls", "ca.crt")}"
            users:
            - name: node
              user:
                client-certificate: "{Path.Combine(Pki, "client-kubelet.crt")}"
                client-key: "{Path.Combine(Pki, "client-kubelet.key")}"
            contexts:
            - name: node
              context: {"{"}cluster: wharf, user: node{"}"}
            current-context: node
            """);
        return path;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await RemoveHostStateAsync();
        }
        finally
        {
            if (_server is not null) await _server.DisposeAsync();
            _agentRoot.Dispose();
        }
    }

    /// <summary>
    /// What the agent left on the host, and only that: processes naming our data dir (containerd), mounts under it,
    /// and the two routes for our own ranges. NodeHostCleanup.RunAsync would also delete the overlay device and nft
    /// tables, which belong to the collection's embedded agent here.
    /// </summary>
    private async Task RemoveHostStateAsync()
    {
        foreach (var pid in new NodeHostCleanup(AgentData, ServerOptions).OurProcesses())
            UnixSignals.Send(pid, UnixSignals.SigKill);
        var prefix = AgentData + "/";
        foreach (var mount in File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).Where(f => f.Length > 4 && f[4].StartsWith(prefix, StringComparison.Ordinal))
                     .Select(f => f[4]).OrderByDescending(m => m.Length))
            await RunAsync("umount", "-l", mount);
        if ((await RunAsync("/usr/sbin/ip", "route", "show", "type", "unreachable", ClusterCidr)).Length > 0)
            await RunAsync("/usr/sbin/ip", "route", "del", "unreachable", ClusterCidr);
        if ((await RunAsync("/usr/sbin/ip", "route", "show", "table", "local", "type", "local", ServiceCidr)).Length > 0)
            await RunAsync("/usr/sbin/ip", "route", "del", "local", ServiceCidr, "dev", "lo", "table", "local");
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = new ProcessOutput(process);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await output.Closed;
        return output.StdOut.Trim();
    }

    /// <summary>One <c>wharf agent</c> child; stopped with SIGTERM to its own PID (SIGKILL if it hangs).</summary>
    private sealed class AgentProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ProcessOutput _output;

        private AgentProcess(Process process, int kubeletPort)
        {
            _process = process;
            _output = new ProcessOutput(process);
            KubeletPort = kubeletPort;
        }

        public int KubeletPort { get; }

        public string Output => _output.StdOut + _output.StdErr;

        public static AgentProcess Start(IReadOnlyList<string> arguments, string dataDirectory)
        {
            Directory.CreateDirectory(dataDirectory);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(WharfBinary.DllPath);
            foreach (var arg in arguments) start.ArgumentList.Add(arg);
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            ChildProcessReaper.Track(process);
            var port = int.Parse(arguments[arguments.ToList().IndexOf("--kubelet-port") + 1]);
            return new AgentProcess(process, port);
        }

        public async Task<int> WaitForExitAsync(TimeSpan within)
        {
            await _process.WaitForExitAsync().WaitAsync(within);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                UnixSignals.Send(_process.Id, UnixSignals.SigTerm);
                try
                {
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
                }
                catch (TimeoutException)
                {
                    UnixSignals.Send(_process.Id, UnixSignals.SigKill);
                    await _process.WaitForExitAsync();
                }
            }
            _process.Dispose();
        }
    }
}
