using System.Net;
using Wharf.Node.Cri.V1;
using Wharf.Node.Logs;
using Wharf.Node.Runtime;
using Wharf.Node.Tests.Support;

namespace Wharf.Node.Tests.Runtime;

[Collection(ContainerdCollection.Name)]
public sealed class ContainerRuntimeEndToEndTests
{
    [Fact]
    public async Task PodLifecycle_OnRealContainerd_RunsLogsExecsStopsAndCleansUp()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var env = await NodeTestEnvironment.StartAsync(importImages: true, ct);
        var runtime = new ContainerRuntime(env.Client!);

        Assert.Equal("containerd", (await runtime.VersionAsync(ct)).RuntimeName);
        var busybox = await runtime.ImageStatusAsync(TestImages.Busybox, ct);
        Assert.NotNull(busybox);
        Assert.Null(await runtime.ImageStatusAsync("wharf.local/absent:1", ct));
        var tags = (await runtime.ListImagesAsync(ct)).SelectMany(i => i.RepoTags).ToList();
        Assert.Contains(TestImages.Pause, tags);
        Assert.Contains(TestImages.Busybox, tags);

        var uid = Guid.NewGuid().ToString();
        var dataFolder = Directory.CreateDirectory(Path.Combine(env.DataDir, "volume")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dataFolder, "greeting.txt"), "from the host", ct);
        var sandbox = new PodSandboxSpec
        {
            Name = "web-1",
            Namespace = "default",
            Uid = uid,
            Hostname = "web-1",
            LogDirectory = PodLogPaths.PodDirectory(Path.Combine(env.DataDir, "pods"), "default", "web-1", uid),
            Dns = new DnsSpec(["10.199.255.10"], ["default.svc.cluster.local", "svc.cluster.local"], ["ndots:5"]),
            Labels = new Dictionary<string, string> { ["wharf.test/pod"] = uid },
            Annotations = new Dictionary<string, string> { ["wharf.test/note"] = "e2e" },
            CgroupParent = $"{env.CgroupRoot}/pod{uid}",
        };
        var sandboxId = await runtime.RunPodSandboxAsync(sandbox, ct);

        var sandboxStatus = await runtime.PodSandboxStatusAsync(sandboxId, ct);
        Assert.NotNull(sandboxStatus);
        Assert.Equal(PodSandboxState.SandboxReady, sandboxStatus.State);
        Assert.True(IPNetwork.Parse(env.PodCidr).Contains(IPAddress.Parse(sandboxStatus.Network.Ip)),
            $"pod IP {sandboxStatus.Network.Ip} outside {env.PodCidr}");
        Assert.Single(await runtime.ListPodSandboxesAsync(new Dictionary<string, string> { ["wharf.test/pod"] = uid }, ct));

        var container = new ContainerSpec
        {
            Name = "main",
            Image = TestImages.Busybox,
            Command = ["/bin/sh", "-c"],
            Args = ["trap 'exit 0' TERM; echo \"$GREETING from wharf\"; echo oops >&2; sleep 3600 & wait"],
            Env = [new("GREETING", "hello")],
            WorkingDir = "/data",
            Mounts = [new MountSpec("/data", dataFolder, ReadOnly: true)],
            Resources = new ResourceSpec(CpuShares: 256, MemoryLimitBytes: 64 * 1024 * 1024),
        };
        var containerId = await runtime.CreateContainerAsync(sandboxId, sandbox, container, ct);
        await runtime.StartContainerAsync(containerId, ct);

        var status = await runtime.ContainerStatusAsync(containerId, ct);
        Assert.Equal(ContainerState.ContainerRunning, status!.State);
        var logPath = PodLogPaths.ContainerPath(sandbox.LogDirectory, "main", 0);
        Assert.Equal(logPath, status.LogPath);
        var lines = await WaitForLogLinesAsync(logPath, 2, ct);
        Assert.Contains(lines, l => l is { Stream: CriLogStream.Stdout, Content: "hello from wharf", Partial: false });
        Assert.Contains(lines, l => l is { Stream: CriLogStream.Stderr, Content: "oops" });

        var echo = await runtime.ExecSyncAsync(containerId, ["echo", "hi"], TimeSpan.FromSeconds(5), ct);
        Assert.Equal((0, "hi\n"), (echo.ExitCode, echo.StdoutText));
        Assert.Equal("web-1", (await runtime.ExecSyncAsync(containerId, ["hostname"], TimeSpan.FromSeconds(5), ct)).StdoutText.Trim());
        var resolv = (await runtime.ExecSyncAsync(containerId, ["cat", "/etc/resolv.conf"], TimeSpan.FromSeconds(5), ct)).StdoutText;
        Assert.Contains("nameserver 10.199.255.10", resolv);
        Assert.Contains("search default.svc.cluster.local svc.cluster.local", resolv);
        Assert.Equal("from the host", (await runtime.ExecSyncAsync(containerId, ["cat", "greeting.txt"], TimeSpan.FromSeconds(5), ct)).StdoutText);
        Assert.Equal(3, (await runtime.ExecSyncAsync(containerId, ["sh", "-c", "exit 3"], TimeSpan.FromSeconds(5), ct)).ExitCode);
        var readOnly = await runtime.ExecSyncAsync(containerId, ["touch", "/data/new"], TimeSpan.FromSeconds(5), ct);
        Assert.NotEqual(0, readOnly.ExitCode);

        var execUrl = await runtime.ExecUrlAsync(containerId, ["sh"], new StreamOptions(Stdin: true, Tty: true), ct);
        Assert.Equal(("http", "127.0.0.1"), (execUrl.Scheme, execUrl.Host));
        var forwardUrl = await runtime.PortForwardUrlAsync(sandboxId, [80], ct);
        Assert.Equal("127.0.0.1", forwardUrl.Host);

        // Pod networking through the test's own bridge: the host reaches a server in the pod by its pod IP.
        var web = new ContainerSpec
        {
            Name = "web",
            Image = TestImages.Busybox,
            Command = ["httpd", "-f", "-p", "8080", "-h", "/data"],
            Mounts = [new MountSpec("/data", dataFolder, ReadOnly: true)],
        };
        var webId = await runtime.CreateContainerAsync(sandboxId, sandbox, web, ct);
        await runtime.StartContainerAsync(webId, ct);
        Assert.Equal(2, (await runtime.ListContainersAsync(sandboxId, null, ct)).Count);
        Assert.Equal("from the host", await GetWithRetryAsync($"http://{sandboxStatus.Network.Ip}:8080/greeting.txt", ct));
        // No grace period: straight SIGKILL.
        await runtime.StopContainerAsync(webId, TimeSpan.Zero, ct);
        Assert.Equal(137, (await runtime.ContainerStatusAsync(webId, ct))!.ExitCode);
        await runtime.RemoveContainerAsync(webId, ct);
        Assert.Single(await runtime.ListContainersAsync(sandboxId, null, ct));

        await runtime.StopContainerAsync(containerId, TimeSpan.FromSeconds(10), ct);
        var stopped = await runtime.ContainerStatusAsync(containerId, ct);
        Assert.Equal((ContainerState.ContainerExited, 0), (stopped!.State, stopped.ExitCode));
        await runtime.RemoveContainerAsync(containerId, ct);
        Assert.Null(await runtime.ContainerStatusAsync(containerId, ct));
        await runtime.RemoveContainerAsync(containerId, ct); // idempotent

        await runtime.StopPodSandboxAsync(sandboxId, ct);
        await runtime.RemovePodSandboxAsync(sandboxId, ct);
        Assert.Null(await runtime.PodSandboxStatusAsync(sandboxId, ct));
        Assert.Empty(await runtime.ListPodSandboxesAsync(null, ct));

        await env.StopAsync(ct);
        Assert.Empty(await env.LeftoversAsync(ct));
    }

    private static async Task<string> GetWithRetryAsync(string url, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                return await http.GetStringAsync(url, ct);
            }
            catch (HttpRequestException) when (!ct.IsCancellationRequested)
            {
                await Task.Delay(20, ct); // httpd not listening yet
            }
        }
    }

    private static async Task<IReadOnlyList<CriLogLine>> WaitForLogLinesAsync(string path, int count, CancellationToken ct)
    {
        while (true)
        {
            if (File.Exists(path))
            {
                var lines = CriLogReader.ReadFile(path);
                if (lines.Count >= count)
                    return lines;
            }
            await Task.Delay(20, ct);
        }
    }
}
