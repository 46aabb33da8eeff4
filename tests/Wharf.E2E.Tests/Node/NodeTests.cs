using System.Net;
using System.Text.RegularExpressions;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Node;

/// <summary>
/// Pods that really run: the real kubectl against a server whose embedded agent starts containers from the local
/// busybox image. Logs, exec, cp and port-forward go API server → kubelet API → containerd, as in a cluster.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed partial class NodeTests(NodeServerFixture fixture)
{
    private const string Busybox = "wharf.local/busybox:1.36";
    private const string Pause = "wharf.local/pause:3.10";
    private static readonly TimeSpan PodReadyWithin = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Get_nodes_shows_the_agent_node_ready_with_the_control_plane_role()
    {
        using var kubectl = fixture.Kubectl();
        await Poll.UntilAsync(async () => (await kubectl.RunAsync("get", "nodes")).StdOut.Contains(" Ready "), PodReadyWithin, "node Ready");

        var table = KubectlTable.Parse((await kubectl.RunAsync("get", "nodes")).EnsureSuccess().StdOut);

        var node = table.Row(NodeServerFixture.NodeName);
        Assert.Equal("Ready", node["STATUS"]);
        Assert.Equal("control-plane", node["ROLES"]);
        Assert.StartsWith("v1.", node["VERSION"]);
    }

    [Fact]
    public async Task Run_starts_a_pod_with_an_ip_from_the_node_range_and_logs_show_its_output()
    {
        var ns = await fixture.CreateNamespaceAsync("run");
        using var kubectl = fixture.Kubectl();

        await RunPodAsync(kubectl, ns, "hello", "echo hello-from-pod; echo second line; sleep 3600");

        var pod = (await kubectl.RunAsync("get", "pod", "hello", "-n", ns, "-o", "jsonpath={.status.phase} {.status.podIP}")).EnsureSuccess().StdOut;
        Assert.Matches(@"^Running 10\.244\.0\.\d+$", pod);
        await Poll.UntilAsync(async () => (await kubectl.RunAsync("logs", "hello", "-n", ns)).StdOut == "hello-from-pod\nsecond line\n",
            TimeSpan.FromSeconds(10), "kubectl logs prints both lines");
    }

    [Theory]
    [InlineData("success", "echo out; echo err >&2; exit 0", 0, "err")]
    [InlineData("failure", "echo out; exit 3", 3, "command terminated with exit code 3")]
    public async Task Exec_relays_output_and_the_exit_code(string name, string script, int kubectlExit, string error)
    {
        var ns = await fixture.CreateNamespaceAsync("exec-" + name);
        using var kubectl = fixture.Kubectl();
        await RunPodAsync(kubectl, ns, "target", "sleep 3600");

        var result = await kubectl.RunAsync("exec", "target", "-n", ns, "--", "sh", "-c", script);

        Assert.True(result.ExitCode == kubectlExit, result.ToString());
        Assert.StartsWith("out\n", result.StdOut);
        Assert.Contains(error, result.StdErr);
    }

    [Fact]
    public async Task Debug_adds_an_ephemeral_container_that_shares_the_pods_network_and_takes_stdin()
    {
        var ns = await fixture.CreateNamespaceAsync("debug");
        using var kubectl = fixture.Kubectl();
        await RunPodAsync(kubectl, ns, "target", "mkdir -p /www && echo served-by-target > /www/index.html && exec httpd -f -p 8080 -h /www");

        // -i attaches once the debug container runs and feeds it kubectl's stdin.
        var debug = await kubectl.RunAsync(["debug", "target", "-n", ns, "-i", "--image", Busybox, "--image-pull-policy=Never", "-c", "debugger",
            "--", "sh", "-c", "read line; echo got:$line; wget -q -O - http://127.0.0.1:8080/"],
            new KubectlOptions { StdIn = "hello\n", Timeout = TimeSpan.FromSeconds(60) }, CancellationToken.None);
        var status = (await kubectl.RunAsync("get", "pod", "target", "-n", ns, "-o",
            "jsonpath={.spec.ephemeralContainers[0].name} {.status.ephemeralContainerStatuses[0].name} {.status.phase}")).EnsureSuccess().StdOut;

        var logs = await kubectl.RunAsync("logs", "target", "-n", ns, "-c", "debugger");

        // The container's log is what it printed: stdin reached it through the attach, and the pod's port answered on
        // its loopback. (Over the attach itself output after stdin's end is not seen: containerd detaches an attach
        // from a container without stdinOnce when the client's stdin ends, as it does under upstream's kubelet.)
        Assert.True(debug.ExitCode == 0, debug.ToString());
        Assert.True(logs.StdOut == "got:hello\nserved-by-target\n", debug + "\n" + logs);
        Assert.Equal("debugger debugger Running", status);
        await Poll.UntilAsync(async () => (await kubectl.RunAsync("get", "pod", "target", "-n", ns, "-o",
            "jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.exitCode}")).StdOut == "0",
            TimeSpan.FromSeconds(20), "the debug container's exit is reported");
    }

    [Fact]
    public async Task Cp_copies_a_file_into_the_container_and_back_unchanged()
    {
        var ns = await fixture.CreateNamespaceAsync("cp");
        using var kubectl = fixture.Kubectl();
        await RunPodAsync(kubectl, ns, "files", "sleep 3600");
        var content = "line one\nline two with ümlauts\n" + Guid.NewGuid() + "\n";
        var local = kubectl.WriteFile("upload.txt", content);

        (await kubectl.RunAsync("cp", local, $"{ns}/files:/tmp/upload.txt")).EnsureSuccess();
        var inside = (await kubectl.RunAsync("exec", "files", "-n", ns, "--", "cat", "/tmp/upload.txt")).EnsureSuccess().StdOut;
        (await kubectl.RunAsync("cp", $"{ns}/files:/tmp/upload.txt", "download.txt")).EnsureSuccess();

        Assert.Equal(content, inside);
        Assert.Equal(content, File.ReadAllText(Path.Combine(kubectl.WorkDirectory, "download.txt")));
    }

    [Fact]
    public async Task Port_forward_serves_the_pods_httpd_on_localhost()
    {
        var ns = await fixture.CreateNamespaceAsync("pf");
        using var kubectl = fixture.Kubectl();
        var page = "served-by-" + ns;
        await RunPodAsync(kubectl, ns, "web", $"mkdir -p /www && echo {page} > /www/index.html && exec httpd -f -p 8080 -h /www");

        await using var forward = await kubectl.StartAsync(["port-forward", "-n", ns, "pod/web", ":8080"],
            new KubectlOptions { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        Assert.True(await forward.WaitForOutputAsync(o => ForwardingFrom().IsMatch(o), TimeSpan.FromSeconds(15), CancellationToken.None),
            $"port-forward never listened:\n{forward.StdOut}{forward.StdErr}");
        var port = ForwardingFrom().Match(forward.StdOut).Groups[1].Value;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var response = await http.GetAsync($"http://127.0.0.1:{port}/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(page + "\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deployment_rolls_out_two_ready_pods_then_rolls_out_a_new_image_and_a_restart()
    {
        var ns = await fixture.CreateNamespaceAsync("deploy");
        using var kubectl = fixture.Kubectl();
        var rolloutStatus = new[] { "rollout", "status", "deployment/app", "-n", ns, "--timeout=45s" };
        var long_ = new KubectlOptions { Timeout = TimeSpan.FromSeconds(50) };

        (await kubectl.RunAsync("create", "deployment", "app", "-n", ns, "--image", Busybox, "--replicas=2", "--", "sleep", "3600")).EnsureSuccess();
        (await kubectl.RunAsync(rolloutStatus, long_, CancellationToken.None)).EnsureSuccess();
        await AssertReadyPodsAsync(kubectl, ns, Busybox);

        // pause has sh and sleep too, so the same command runs in the new image.
        (await kubectl.RunAsync("set", "image", "deployment/app", "-n", ns, $"busybox={Pause}")).EnsureSuccess();
        var afterImage = (await kubectl.RunAsync(rolloutStatus, long_, CancellationToken.None)).EnsureSuccess();
        Assert.Contains("successfully rolled out", afterImage.StdOut);
        await AssertReadyPodsAsync(kubectl, ns, Pause);

        (await kubectl.RunAsync("rollout", "restart", "deployment/app", "-n", ns)).EnsureSuccess();
        (await kubectl.RunAsync(rolloutStatus, long_, CancellationToken.None)).EnsureSuccess();
        await AssertReadyPodsAsync(kubectl, ns, Pause);
        var revision = (await kubectl.RunAsync("get", "deployment", "app", "-n", ns, "-o",
            "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).EnsureSuccess().StdOut;
        Assert.Equal("3", revision);
    }

    [Fact]
    public async Task Delete_pod_removes_it_and_stops_its_container()
    {
        var ns = await fixture.CreateNamespaceAsync("del");
        using var kubectl = fixture.Kubectl();
        // A sleep length no other process on the host uses marks this container's process in /proc.
        var marker = "36" + Random.Shared.Next(10_000_000, 99_999_999);
        await RunPodAsync(kubectl, ns, "doomed", $"exec sleep {marker}");
        // Running is reported once the container started; its shell may not have exec'd sleep yet.
        await Poll.UntilAsync(() => Task.FromResult(ProcessRuns(marker)), TimeSpan.FromSeconds(10), "the container's sleep among the agent's processes");

        (await kubectl.RunAsync(["delete", "pod", "doomed", "-n", ns], new KubectlOptions { Timeout = TimeSpan.FromSeconds(50) }, CancellationToken.None))
            .EnsureSuccess();

        var get = await kubectl.RunAsync("get", "pod", "doomed", "-n", ns);
        Assert.Contains("NotFound", get.StdErr);
        await Poll.UntilAsync(() => Task.FromResult(!ProcessRuns(marker)), TimeSpan.FromSeconds(15), "container process gone");
    }

    private bool ProcessRuns(string sleepArgument) =>
        fixture.HostCleanup.OurProcesses().Any(pid => ReadCommandLine(pid) == $"sleep\0{sleepArgument}\0");

    private static string? ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task RunPodAsync(Kubectl kubectl, string ns, string name, string script)
    {
        (await kubectl.RunAsync("run", name, "-n", ns, "--image", Busybox, "--image-pull-policy=Never", "--restart=Never",
            "--command", "--", "sh", "-c", script)).EnsureSuccess();
        (await kubectl.RunAsync(["wait", "--for=condition=Ready", $"pod/{name}", "-n", ns, $"--timeout={PodReadyWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = PodReadyWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None)).EnsureSuccess();
    }

    private static async Task AssertReadyPodsAsync(Kubectl kubectl, string ns, string image)
    {
        // rollout status returns once the new pods are available; the old ones may still be terminating.
        await Poll.UntilAsync(async () =>
        {
            var pods = (await kubectl.RunAsync("get", "pods", "-n", ns, "-o",
                "jsonpath={range .items[*]}{.spec.containers[0].image} {.status.containerStatuses[0].ready}{\"\\n\"}{end}")).StdOut;
            var lines = pods.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 2 && lines.All(l => l == $"{image} true");
        }, TimeSpan.FromSeconds(30), $"exactly 2 ready pods of {image} in {ns}");
    }

    [GeneratedRegex(@"Forwarding from 127\.0\.0\.1:(\d+) -> 8080")]
    private static partial Regex ForwardingFrom();
}
