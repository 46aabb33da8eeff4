using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.MultiNode;

/// <summary>
/// Losing a node, with the real agent: its agent process is stopped (by PID), the node lifecycle controller marks the
/// Node Ready=Unknown after the monitor grace period (20 s in these clusters) and taints it unreachable, and a Deployment pod tolerating
/// that for 5 s is evicted and replaced on the node that is left.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class NodeLossTests(NodeLossClusterFixture cluster) : IClassFixture<NodeLossClusterFixture>
{
    private const string UnreachableTaint = "node.kubernetes.io/unreachable";
    private static readonly TimeSpan RolloutWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan UnknownWithin = TimeSpan.FromSeconds(75);
    private static readonly TimeSpan ReplacedWithin = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_lost_nodes_pod_comes_back_on_the_other_node()
    {
        var ns = await cluster.CreateNamespaceAsync("node-loss");
        using var kubectl = cluster.Kubectl();
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = Manifest(ns) }, CancellationToken.None)).EnsureSuccess();
        (await kubectl.RunAsync(["rollout", "status", "deployment/survivor", "-n", ns, $"--timeout={RolloutWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = RolloutWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None)).EnsureSuccess();
        var (firstPod, lostNode) = (await ReadyPodsAsync(kubectl, ns)).Single();
        var lost = cluster.Node(lostNode);

        await lost.StopAgentAsync();

        await cluster.WaitForReadyAsync(lost, "Unknown", UnknownWithin);
        var taints = (await kubectl.RunAsync("get", "node", lost.Name, "-o", "jsonpath={.spec.taints[*].key}")).EnsureSuccess().StdOut;
        (string Name, string Node) replacement = default;
        await Poll.UntilAsync(async () =>
        {
            replacement = (await ReadyPodsAsync(kubectl, ns)).FirstOrDefault(p => p.Name != firstPod);
            return replacement.Name is not null;
        }, ReplacedWithin, $"a ready replacement of {firstPod}\n{await cluster.DiagnoseAsync(ns)}");

        Assert.Contains(UnreachableTaint, taints.Split(' '));
        Assert.NotEqual(lost.Name, replacement.Node);
    }

    /// <summary>Ready pods of the Deployment that are not being deleted: (name, node).</summary>
    private static async Task<List<(string Name, string Node)>> ReadyPodsAsync(Kubectl kubectl, string ns)
    {
        var rows = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=survivor", "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.metadata.deletionTimestamp} {.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}")).EnsureSuccess().StdOut;
        // An empty deletionTimestamp leaves two spaces, so "name node  True" splits into four fields with an empty third.
        return rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(' '))
            .Where(f => f.Length == 4 && f[2].Length == 0 && f[3] == "True").Select(f => (f[0], f[1])).ToList();
    }

    private static string Manifest(string ns) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: survivor, namespace: {{ns}}}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: survivor}
          template:
            metadata:
              labels: {app: survivor}
            spec:
              # Evicted 5 s after the node is tainted, instead of the 300 s admission adds by default.
              tolerations:
              - {key: {{UnreachableTaint}}, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
              - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
              containers:
              - name: sleep
                image: {{LocalImages.Busybox}}
                imagePullPolicy: Never
                command: [sleep, '3600']
        """;
}
