using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Bench.Processes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Node.Containerd;
using Wharf.Node.Cri;
using Wharf.Node.Runtime;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// A real node as deployed on several machines: a control-plane-only <c>wharf server --disable-agent</c> and a
/// separate <c>wharf agent --server URL --token T</c> process joined to it (own data dir, the repo's pause and busybox
/// archives in AGENT_DATA/agent/images, DNS forwarding to loopback only), so that the agent's own memory and CPU can
/// be read apart from the server's. Disposing deletes the pods through the API, stops both processes by PID and
/// removes what the node left on the host: processes naming the data dirs, mounts below them, the bridge, the overlay
/// device, the nft tables, the CIDR routes and the empty pod cgroups. Run under the host-network lock.
/// </summary>
internal sealed class AgentServer : IAsyncDisposable
{
    public const string ClusterCidr = "10.244.0.0/16";
    public const string ServiceCidr = "10.96.0.0/16";
    private const string ClusterDns = "10.96.0.10";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly ScratchDirectory _scratch;
    private readonly ChildProcess _server;
    private ChildProcess? _agent;

    private readonly PlainTextApi _text;

    private AgentServer(ScratchDirectory scratch, ChildProcess server, ApiClient client, PlainTextApi text, Uri url)
    {
        _scratch = scratch;
        _server = server;
        Client = client;
        _text = text;
        Url = url;
    }

    public ApiClient Client { get; }

    public Uri Url { get; }

    public string NodeName => Environment.MachineName.ToLowerInvariant();

    private string ServerData => _scratch.Combine("server");

    private string AgentData => _scratch.Combine("agent");

    private ChildProcess Agent => _agent ?? throw new InvalidOperationException("the agent has not joined yet");

    public ProcessMemory ReadServerMemory() => _server.ReadMemory();

    public ProcessMemory ReadAgentMemory() => Agent.ReadMemory();

    public SmapsRollup ReadAgentSmaps() => SmapsRollup.Read(Agent.Id);

    public RssParts ReadAgentRssParts() => RssParts.Read(Agent.Id);

    /// <summary>CPU time the server process (API server, controllers, scheduler) has used.</summary>
    public TimeSpan ReadServerCpu() => ProcessCpu.Read(_server.Id);

    /// <summary>CPU time the agent process has used (not its containerd, a child that runs on its own).</summary>
    public TimeSpan ReadAgentCpu() => ProcessCpu.Read(Agent.Id);

    /// <summary>The agent's idle memory trims in its output tail so far (what each gave back, the CPU it took).</summary>
    public IEnumerable<string> ReadAgentTrims() =>
        Agent.Output.Split('\n').Where(line => line.Contains("Idle memory trim", StringComparison.Ordinal)).Select(line => line.Trim());

    /// <summary>Threads of the agent process now (<c>/proc/PID/task</c>).</summary>
    public int ReadAgentThreads() => Directory.GetDirectories($"/proc/{Agent.Id}/task").Length;

    /// <summary>Resident memory of the containerd the agent supervises (its child), 0 if not found.</summary>
    public double ReadContainerdMegabytes()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (parent == Agent.Id && stat.Contains("(containerd)", StringComparison.Ordinal))
                    return ProcessMemory.Read(pid).RssMegabytes;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }
        return 0;
    }

    /// <summary>
    /// Requests the API server has answered so far (sum of <c>apiserver_request_total</c>): watches count only when
    /// they end, so over a short window this is the agent's and the control plane's short requests.
    /// </summary>
    public async Task<double> ReadApiRequestCountAsync(CancellationToken ct) =>
        PrometheusText.Sum(await _text.GetAsync("/metrics", ct), "apiserver_request_total");

    /// <summary>The agent's own metrics (its kubelet API's <c>/metrics</c>, through the API server's node proxy).</summary>
    public Task<string> ReadAgentMetricsAsync(CancellationToken ct) => _text.GetAsync($"/api/v1/nodes/{NodeName}/proxy/metrics", ct);

    /// <summary>Starts the control plane alone; <see cref="JoinAgentAsync"/> then adds the node.</summary>
    public static async Task<AgentServer> StartAsync(string wharfDll, Progress progress, CancellationToken ct)
    {
        var scratch = new ScratchDirectory("podstartup");
        var kubeconfig = scratch.Combine("kc.yaml");
        var port = FreePort.Next();
        var process = ChildProcess.Start("dotnet",
        [
            wharfDll, "server", "--data-dir", scratch.Combine("server"), "--https-listen-port", port.ToString(CultureInfo.InvariantCulture),
            "--bind-address", "127.0.0.1", "--write-kubeconfig", kubeconfig, "--disable-agent",
            "--cluster-cidr", ClusterCidr, "--service-cidr", ServiceCidr, "--cluster-dns", ClusterDns,
            "--ingress-http-port", "0", "--ingress-https-port", "0",
        ], workingDirectory: scratch.Path);
        ApiClient? client = null;
        PlainTextApi? text = null;
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(kubeconfig) && clock.Elapsed < StartTimeout && !process.HasExited)
                await Task.Delay(50, ct);
            await Task.Delay(200, ct); // the kubeconfig is written in one go; give it a moment to be complete
            client = ApiClient.FromKubeconfig(kubeconfig);
            text = new PlainTextApi(kubeconfig);
            var server = new AgentServer(scratch, process, client, text, new Uri($"https://127.0.0.1:{port}"));
            await server.WaitReadyAsync(clock, ct);
            progress.Say($"control plane ready in {clock.Elapsed.TotalSeconds:F1} s");
            return server;
        }
        catch
        {
            client?.Dispose();
            text?.Dispose();
            await process.DisposeAsync();
            scratch.Dispose();
            throw;
        }
    }

    private async Task WaitReadyAsync(Stopwatch clock, CancellationToken ct)
    {
        while (clock.Elapsed < StartTimeout)
        {
            if (_server.HasExited)
                throw new InvalidOperationException($"wharf server exited:\n{_server.Output}");
            try
            {
                await _text.GetAsync("/readyz", ct);
                return;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
            {
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"server not ready after {StartTimeout}:\n{_server.Output}");
    }

    /// <summary>Starts <c>wharf agent</c> with the server's join token and waits for its Node to be Ready with both images.</summary>
    /// <summary>
    /// Waits until the agent's containerd holds no pod sandboxes: the API objects of a wave are gone long before its
    /// sandboxes are, and a wave started meanwhile would share containerd with the last one's teardown (the CRI floor
    /// removes its sandboxes before its next wave too). Gives up quietly after <paramref name="within"/>.
    /// </summary>
    public async Task WaitForNoSandboxesAsync(TimeSpan within, CancellationToken ct)
    {
        var socket = new ContainerdOptions { DataDir = Path.Combine(AgentData, "agent") }.Address;
        if (!File.Exists(socket))
            return;
        using var client = CriClient.ForUnixSocket(socket);
        var runtime = new ContainerRuntime(client);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within && (await runtime.ListPodSandboxesAsync(null, ct)).Count > 0)
            await Task.Delay(200, ct);
    }

    public async Task JoinAgentAsync(string wharfDll, IReadOnlyList<string> imageArchives, Progress progress, CancellationToken ct)
    {
        var images = Path.Combine(AgentData, "agent", "images");
        Directory.CreateDirectory(images);
        foreach (var archive in imageArchives)
            File.Copy(archive, Path.Combine(images, Path.GetFileName(archive)));
        File.WriteAllText(_scratch.Combine("resolv.conf"), "nameserver 127.0.0.1\n");
        var token = File.ReadAllText(Path.Combine(ServerData, "token")).Trim();
        _agent = ChildProcess.Start("dotnet",
        [
            wharfDll, "agent", "--server", Url.ToString(), "--token", token, "--node-name", NodeName, "--data-dir", AgentData,
            "--cluster-cidr", ClusterCidr, "--service-cidr", ServiceCidr, "--cluster-dns", ClusterDns,
            "--resolv-conf", _scratch.Combine("resolv.conf"),
        ], workingDirectory: _scratch.Path);
        var clock = Stopwatch.StartNew();
        await WaitNodeReadyAsync(clock, ct);
        progress.Say($"agent joined and node ready in {clock.Elapsed.TotalSeconds:F1} s (node {NodeName})");
    }

    /// <summary>Node Ready with both images imported (they show in status.images).</summary>
    private async Task WaitNodeReadyAsync(Stopwatch clock, CancellationToken ct)
    {
        while (clock.Elapsed < StartTimeout)
        {
            if (Agent.HasExited)
                throw new InvalidOperationException($"wharf agent exited:\n{Agent.Output}");
            try
            {
                var node = await Client.GetAsync(Resource.Nodes, null, NodeName, ct);
                var ready = (node["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.ToString() == "Ready" && c["status"]?.ToString() == "True");
                var names = (node["status"]?["images"] as JsonArray ?? []).SelectMany(i => i?["names"] as JsonArray ?? []).Select(n => n?.ToString()).ToList();
                if (ready && names.Contains(PodStartupBenchmark.Busybox) && node["spec"]?["podCIDR"] is not null)
                    return;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
            {
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"node not ready with images after {StartTimeout}:\n{Agent.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The agent stops and removes the sandboxes of deleted pods, so little is left for the host cleanup.
            await Client.DeleteCollectionAsync(Resource.Pods, PodStartupBenchmark.Namespace, null, new DeleteOptions { GracePeriodSeconds = 0 }, CancellationToken.None);
            var clock = Stopwatch.StartNew();
            while (_agent is { HasExited: false } && clock.Elapsed < TimeSpan.FromSeconds(60)
                   && (await Client.ListAsync(Resource.Pods, PodStartupBenchmark.Namespace, null, CancellationToken.None))["items"] is JsonArray { Count: > 0 })
                await Task.Delay(250);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
        {
        }
        Client.Dispose();
        _text.Dispose();
        if (_agent is not null)
            await _agent.DisposeAsync();
        await _server.DisposeAsync();
        foreach (var data in new[] { AgentData, ServerData })
            await HostCommands.KillProcessesNamingAsync(data);
        await HostCommands.UnmountBelowAsync(_scratch.Path);
        await HostCommands.DeleteLinkAsync("wharf0");
        await HostCommands.DeleteLinkAsync("wharf.1");
        await HostCommands.DeleteNftTableAsync("ip", "wharf-overlay");
        await HostCommands.DeleteNftTableAsync("ip", "wharf-proxy");
        await HostCommands.RunAsync("/usr/sbin/ip", "route", "del", "unreachable", ClusterCidr);
        await HostCommands.RunAsync("/usr/sbin/ip", "route", "del", "local", ServiceCidr, "dev", "lo", "table", "local");
        RemoveEmptyCgroups("/sys/fs/cgroup/kubepods");
        _scratch.Dispose();
    }

    /// <summary>rmdir bottom-up: the kernel refuses any cgroup that still holds a process, so nothing alive is touched.</summary>
    private static void RemoveEmptyCgroups(string root)
    {
        if (!Directory.Exists(root))
            return;
        foreach (var child in Directory.EnumerateDirectories(root))
            RemoveEmptyCgroups(child);
        try
        {
            Directory.Delete(root);
        }
        catch (IOException)
        {
        }
    }
}
