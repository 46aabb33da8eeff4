using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Bench.Processes;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// A real <c>wharf server</c> with its embedded node agent (own data dir, the repo's pause and busybox archives in
/// DATA/agent/images, DNS forwarding to loopback only). Disposing deletes the pods through the API, stops the server
/// by PID and removes what the node left on the host: processes naming the data dir, mounts below it, the bridge,
/// the overlay device, the nft tables, the CIDR routes and the empty pod cgroups. Run under the host-network lock.
/// </summary>
internal sealed class AgentServer : IAsyncDisposable
{
    public const string ClusterCidr = "10.244.0.0/16";
    public const string ServiceCidr = "10.96.0.0/16";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly ScratchDirectory _scratch;
    private readonly ChildProcess _process;

    private AgentServer(ScratchDirectory scratch, ChildProcess process, ApiClient client)
    {
        _scratch = scratch;
        _process = process;
        Client = client;
    }

    public ApiClient Client { get; }

    public string NodeName => Environment.MachineName.ToLowerInvariant();

    public ProcessMemory ReadMemory() => _process.ReadMemory();

    /// <summary>CPU time the server process (API server, controllers, scheduler, agent; not containerd) has used.</summary>
    public TimeSpan ReadCpu() => ProcessCpu.Read(_process.Id);

    public static async Task<AgentServer> StartAsync(string wharfDll, IReadOnlyList<string> imageArchives, Progress progress, CancellationToken ct)
    {
        var scratch = new ScratchDirectory("podstartup");
        var data = scratch.Combine("data");
        var images = Path.Combine(data, "agent", "images");
        Directory.CreateDirectory(images);
        foreach (var archive in imageArchives)
            File.Copy(archive, Path.Combine(images, Path.GetFileName(archive)));
        File.WriteAllText(scratch.Combine("resolv.conf"), "nameserver 127.0.0.1\n");
        var kubeconfig = scratch.Combine("kc.yaml");
        var process = ChildProcess.Start("dotnet",
        [
            wharfDll, "server", "--data-dir", data, "--https-listen-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--bind-address", "127.0.0.1", "--write-kubeconfig", kubeconfig, "--resolv-conf", scratch.Combine("resolv.conf"),
            "--cluster-cidr", ClusterCidr, "--service-cidr", ServiceCidr, "--cluster-dns", "10.96.0.10",
            "--ingress-http-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--ingress-https-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ], workingDirectory: scratch.Path);
        ApiClient? client = null;
        var server = default(AgentServer);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(kubeconfig) && clock.Elapsed < StartTimeout && !process.HasExited)
                await Task.Delay(50, ct);
            await Task.Delay(200, ct); // the kubeconfig is written in one go; give it a moment to be complete
            client = ApiClient.FromKubeconfig(kubeconfig);
            server = new AgentServer(scratch, process, client);
            await server.WaitNodeReadyAsync(clock, ct);
            progress.Say($"server with agent ready in {clock.Elapsed.TotalSeconds:F1} s (node {server.NodeName})");
            return server;
        }
        catch
        {
            if (server is not null)
                await server.DisposeAsync();
            else
            {
                client?.Dispose();
                await process.DisposeAsync();
                await HostCommands.KillProcessesNamingAsync(data);
                await HostCommands.UnmountBelowAsync(scratch.Path);
                scratch.Dispose();
            }
            throw;
        }
    }

    /// <summary>Node Ready with both images imported (they show in status.images).</summary>
    private async Task WaitNodeReadyAsync(Stopwatch clock, CancellationToken ct)
    {
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"wharf server exited:\n{_process.Output}");
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
        throw new TimeoutException($"node not ready with images after {StartTimeout}:\n{_process.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        var data = _scratch.Combine("data");
        try
        {
            // The agent stops and removes the sandboxes of deleted pods, so little is left for the host cleanup.
            await Client.DeleteCollectionAsync(Resource.Pods, PodStartupBenchmark.Namespace, null, new DeleteOptions { GracePeriodSeconds = 0 }, CancellationToken.None);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(60)
                   && (await Client.ListAsync(Resource.Pods, PodStartupBenchmark.Namespace, null, CancellationToken.None))["items"] is JsonArray { Count: > 0 })
                await Task.Delay(250);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
        {
        }
        Client.Dispose();
        await _process.DisposeAsync();
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
