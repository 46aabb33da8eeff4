using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Workloads;

/// <summary>
/// StatefulSets and DaemonSets on a real node through the real kubectl: ordered pods with stable names reachable by
/// their DNS names, one daemon pod per node, and rollouts that <c>kubectl rollout status/history</c> follow.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class StatefulWorkloadTests(NodeServerFixture fixture)
{
    private static readonly TimeSpan RolloutWithin = TimeSpan.FromSeconds(60);
    private static readonly KubectlOptions Long = new() { Timeout = RolloutWithin + TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task A_stateful_set_starts_its_pods_in_order_with_stable_dns_names()
    {
        var ns = await fixture.CreateNamespaceAsync("sts");
        using var kubectl = fixture.Kubectl();
        var manifest = $$$"""
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: {{{ns}}}}
            spec:
              clusterIP: None
              selector: {app: web}
              ports: [{name: http, port: 8080}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: web, namespace: {{{ns}}}}
            spec:
              serviceName: web
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: httpd
                    image: {{{LocalImages.Busybox}}}
                    imagePullPolicy: Never
                    command: [sh, -c, 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www']
                    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
            """;

        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None)).EnsureSuccess();
        var status = await kubectl.RunAsync(["rollout", "status", "statefulset/web", "-n", ns, $"--timeout={RolloutWithin.TotalSeconds}s"], Long, CancellationToken.None);
        var started = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=web", "--sort-by=.status.startTime",
            "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.podIP}{\"\\n\"}{end}")).EnsureSuccess().StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        var byName = await kubectl.RunAsync("exec", "web-0", "-n", ns, "--", "nslookup", $"web-1.web.{ns}.svc.cluster.local");
        var ready = (await kubectl.RunAsync("get", "statefulset", "web", "-n", ns, "-o", "jsonpath={.status.readyReplicas} {.status.currentRevision}")).EnsureSuccess().StdOut;

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("partitioned roll out complete: 2 new pods have been updated", status.StdOut);
        Assert.Equal(["web-0", "web-1"], started.Select(p => p[0]));
        Assert.True(byName.ExitCode == 0, byName.ToString());
        Assert.Contains($"Address: {started[1][1]}", byName.StdOut);
        Assert.StartsWith("2 web-", ready);
    }

    [Fact]
    public async Task A_daemon_set_runs_one_pod_per_node_and_rolls_out_a_new_template()
    {
        var ns = await fixture.CreateNamespaceAsync("ds");
        using var kubectl = fixture.Kubectl();
        var manifest = $$$"""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, namespace: {{{ns}}}}
            spec:
              selector:
                matchLabels: {app: agent}
              template:
                metadata:
                  labels: {app: agent}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: main, image: {{{LocalImages.Busybox}}}, imagePullPolicy: Never, command: [sleep, "3600"]}
            """;
        var status = new[] { "rollout", "status", "daemonset/agent", "-n", ns, $"--timeout={RolloutWithin.TotalSeconds}s" };

        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None)).EnsureSuccess();
        var first = await kubectl.RunAsync(status, Long, CancellationToken.None);
        var nodes = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=agent", "-o", "jsonpath={.items[*].spec.nodeName}")).EnsureSuccess().StdOut;
        (await kubectl.RunAsync("set", "env", "daemonset/agent", "-n", ns, "VERSION=2")).EnsureSuccess();
        var second = await kubectl.RunAsync(status, Long, CancellationToken.None);
        var history = (await kubectl.RunAsync("rollout", "history", "daemonset/agent", "-n", ns)).EnsureSuccess().StdOut;
        // The old pod may still be terminating right after the rollout; the node is left with the new one only.
        await Poll.UntilAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=agent", "-o",
            "jsonpath={range .items[*]}{.spec.containers[0].env[0].value};{end}")).StdOut == "2;", TimeSpan.FromSeconds(20), "only the new daemon pod is left");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("daemon set \"agent\" successfully rolled out", first.StdOut);
        Assert.Equal(NodeServerFixture.NodeName, nodes);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("successfully rolled out", second.StdOut);
        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);
    }
}
