using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Node;

/// <summary>
/// The agent's own admission, as kubelet's: a pod bound straight to the node (spec.nodeName, no scheduler) that asks
/// for more than the node has is refused, which kubectl shows as STATUS OutOfcpu and in describe's Status/Reason/
/// Message and events; a pod that fits beside it still runs.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class NodeAdmissionTests(NodeServerFixture fixture)
{
    private const string Busybox = "wharf.local/busybox:1.36";
    private static readonly TimeSpan DecidedWithin = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_pod_bound_to_the_node_asking_for_more_cpu_than_it_has_is_rejected_with_OutOfcpu()
    {
        var ns = await fixture.CreateNamespaceAsync("admit-cpu");
        using var kubectl = fixture.Kubectl();
        var manifest = kubectl.WriteFile("greedy.yaml", Pod("greedy", "1000", "sleep 3600") + "---\n" + Pod("modest", "10m", "sleep 3600"));

        (await kubectl.RunAsync("apply", "-n", ns, "-f", manifest)).EnsureSuccess();

        await Poll.UntilAsync(async () => (await kubectl.RunAsync("get", "pod", "greedy", "-n", ns, "-o", "jsonpath={.status.phase}")).StdOut == "Failed",
            DecidedWithin, "greedy pod Failed");
        var table = KubectlTable.Parse((await kubectl.RunAsync("get", "pod", "greedy", "-n", ns)).EnsureSuccess().StdOut);
        Assert.Equal("OutOfcpu", table.Row("greedy")["STATUS"]);
        var cpus = (await kubectl.RunAsync("get", "node", NodeServerFixture.NodeName, "-o", "jsonpath={.status.allocatable.cpu}")).EnsureSuccess().StdOut;
        var message = (await kubectl.RunAsync("get", "pod", "greedy", "-n", ns, "-o", "jsonpath={.status.message}")).EnsureSuccess().StdOut;
        Assert.Matches($@"^Pod was rejected: Node didn't have enough resource: cpu, requested: 1000000, used: \d+, capacity: {int.Parse(cpus) * 1000}$", message);

        await Poll.UntilAsync(async () => (await kubectl.RunAsync("describe", "pod", "greedy", "-n", ns)).StdOut.Contains("Warning  OutOfcpu"),
            TimeSpan.FromSeconds(15), "OutOfcpu event in describe");
        var describe = (await kubectl.RunAsync("describe", "pod", "greedy", "-n", ns)).EnsureSuccess().StdOut;
        Assert.Matches(@"Status:\s+Failed", describe);
        Assert.Matches(@"Reason:\s+OutOfcpu", describe);
        Assert.Contains("Message:          Pod was rejected: Node didn't have enough resource: cpu", describe);

        (await kubectl.RunAsync(["wait", "--for=condition=Ready", "pod/modest", "-n", ns, $"--timeout={DecidedWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = DecidedWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None)).EnsureSuccess();
        (await kubectl.RunAsync("delete", "pod", "greedy", "-n", ns, "--timeout=30s")).EnsureSuccess();
    }

    private static string Pod(string name, string cpu, string script) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
        spec:
          nodeName: {NodeServerFixture.NodeName}
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - name: main
            image: {Busybox}
            imagePullPolicy: Never
            command: ["sh", "-c", "{script}"]
            resources:
              requests:
                cpu: "{cpu}"

        """;
}
