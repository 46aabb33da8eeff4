using System.Text.Json.Nodes;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Node;

/// <summary>
/// The kubelet API's read side through the API server's nodes/proxy, as metrics-server and users reach it:
/// /stats/summary, /pods, /metrics/resource, and /run. The agent samples stats every 10 s, so a new pod's CPU rate
/// appears within two rounds.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class KubeletApiTests(NodeServerFixture fixture)
{
    private const string Busybox = "wharf.local/busybox:1.36";
    private static readonly TimeSpan PodReadyWithin = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan TwoStatsRounds = TimeSpan.FromSeconds(35);
    private static string Proxy => $"/api/v1/nodes/{NodeServerFixture.NodeName}/proxy";

    [Fact]
    public async Task Stats_summary_shows_a_busy_pod_with_cpu_rate_and_memory_working_set()
    {
        var ns = await fixture.CreateNamespaceAsync("stats");
        using var kubectl = fixture.Kubectl();
        await RunBusyPodAsync(kubectl, ns);

        JsonObject? pod = null;
        await UntilAsync(async () =>
        {
            var summary = JsonNode.Parse((await kubectl.RunAsync("get", "--raw", Proxy + "/stats/summary")).EnsureSuccess().StdOut)!.AsObject();
            pod = summary["pods"]!.AsArray().OfType<JsonObject>()
                .FirstOrDefault(p => p["podRef"]?["namespace"]?.GetValue<string>() == ns && p["podRef"]?["name"]?.GetValue<string>() == "busy");
            return pod?["cpu"]?["usageNanoCores"]?.GetValue<ulong>() > 0
                && pod["containers"]?.AsArray().OfType<JsonObject>().Any(c => c["cpu"]?["usageNanoCores"]?.GetValue<ulong>() > 0) == true;
        }, TwoStatsRounds, "the busy pod with a CPU rate in /stats/summary");

        Assert.True(pod!["memory"]!["workingSetBytes"]!.GetValue<ulong>() > 1_000_000, pod.ToJsonString());
        var container = Assert.Single(pod["containers"]!.AsArray().OfType<JsonObject>());
        Assert.Equal("burn", container["name"]!.GetValue<string>());
        Assert.True(container["cpu"]!["usageCoreNanoSeconds"]!.GetValue<ulong>() > 0, container.ToJsonString());
        Assert.True(container["memory"]!["workingSetBytes"]!.GetValue<ulong>() > 0, container.ToJsonString());
        Assert.NotNull(pod["podRef"]!["uid"]);
    }

    [Fact]
    public async Task Pods_metrics_resource_and_run_answer_for_a_running_pod()
    {
        var ns = await fixture.CreateNamespaceAsync("kapi");
        using var kubectl = fixture.Kubectl();
        await RunBusyPodAsync(kubectl, ns);

        var pods = JsonNode.Parse((await kubectl.RunAsync("get", "--raw", Proxy + "/pods")).EnsureSuccess().StdOut)!.AsObject();
        Assert.Equal("PodList", pods["kind"]!.GetValue<string>());
        Assert.Contains(pods["items"]!.AsArray().OfType<JsonObject>(),
            p => p["metadata"]?["namespace"]?.GetValue<string>() == ns && p["metadata"]?["name"]?.GetValue<string>() == "busy");

        var containerLine = $"container_cpu_usage_seconds_total{{container=\"burn\",namespace=\"{ns}\",pod=\"busy\"}} ";
        await UntilAsync(async () => (await kubectl.RunAsync("get", "--raw", Proxy + "/metrics/resource")).StdOut.Contains(containerLine),
            TwoStatsRounds, "the container's line in /metrics/resource");
        var metrics = (await kubectl.RunAsync("get", "--raw", Proxy + "/metrics/resource")).EnsureSuccess().StdOut;
        Assert.Contains($"container_memory_working_set_bytes{{container=\"burn\",namespace=\"{ns}\",pod=\"busy\"}} ", metrics);
        Assert.Contains($"pod_memory_working_set_bytes{{namespace=\"{ns}\",pod=\"busy\"}} ", metrics);
        Assert.Contains("\nnode_cpu_usage_seconds_total ", metrics);

        var empty = kubectl.WriteFile("empty.json", "");
        var run = await kubectl.RunAsync("create", "--raw", $"{Proxy}/run/{ns}/busy/burn?cmd=echo%20ran-in-container", "-f", empty);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("ran-in-container\n", run.StdOut);
    }

    /// <summary>A pod that burns CPU (capped at 0.2 core so it does not starve the machine) and holds ~20 MB in a shell variable.</summary>
    private static async Task RunBusyPodAsync(Kubectl kubectl, string ns)
    {
        var manifest = kubectl.WriteFile("busy.yaml", $$"""
            apiVersion: v1
            kind: Pod
            metadata: { name: busy, namespace: {{ns}} }
            spec:
              containers:
              - name: burn
                image: {{Busybox}}
                imagePullPolicy: Never
                command: ["sh", "-c", "x=$(head -c 20000000 /dev/zero | tr '\\0' a); while :; do :; done"]
                resources: { limits: { cpu: 200m, memory: 128Mi } }
            """);
        (await kubectl.RunAsync("apply", "-f", manifest)).EnsureSuccess();
        (await kubectl.RunAsync(["wait", "--for=condition=Ready", "pod/busy", "-n", ns, $"--timeout={PodReadyWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = PodReadyWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None)).EnsureSuccess();
    }

    /// <summary>Polls once a second: each try runs kubectl, and stats change only every sampling round anyway.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"condition not met within {within}: {what}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
