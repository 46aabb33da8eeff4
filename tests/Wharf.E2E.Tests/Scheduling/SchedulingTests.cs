using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Scheduling;

/// <summary>
/// A control plane (no agent) with a second scheduler profile, and no node-lifecycle controller: the tests' nodes
/// are Node objects only, whose heartbeats nobody renews.
/// </summary>
public sealed class SchedulingFixture : WharfServerFixture
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"wharf-e2e-sched-{Guid.NewGuid():N}.yaml");

    protected override WharfServerOptions Options => WharfServerOptions.ControlPlaneOnly with
    {
        ControllerManagerArgs = ["controllers=*,-node-lifecycle-controller"],
        SchedulerConfig = _config,
    };

    public override async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_config, """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: second-scheduler
            """);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_config);
    }
}

/// <summary>
/// The built-in scheduler driven by the real kubectl: Node objects the test creates (and heartbeats once, through the
/// status subresource, as a kubelet would), pods applied with kubectl, placements and messages read back with it.
/// </summary>
public sealed class SchedulingTests(SchedulingFixture fixture) : IClassFixture<SchedulingFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static async Task AddNodeAsync(Kubectl kubectl, string name, string zone, string cpu, string? taint = null)
    {
        var spec = taint is null ? "spec: {}" : $$"""
            spec:
              taints:
              - {key: dedicated, value: {{taint}}, effect: NoSchedule}
            """;
        var file = kubectl.WriteFile($"{name}.yaml", $$"""
            apiVersion: v1
            kind: Node
            metadata:
              name: {{name}}
              labels: {kubernetes.io/hostname: {{name}}, topology.kubernetes.io/zone: {{zone}}}
            {{spec}}
            """);
        (await kubectl.RunAsync("apply", "-f", file)).EnsureSuccess();
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        var status = $$$"""
            {"status": {"capacity": {"cpu": "{{{cpu}}}", "memory": "8Gi", "pods": "110"}, "allocatable": {"cpu": "{{{cpu}}}", "memory": "8Gi", "pods": "110"},
             "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady", "lastHeartbeatTime": "{{{now}}}", "lastTransitionTime": "{{{now}}}"}]}}
            """;
        (await kubectl.RunAsync("patch", "node", name, "--subresource=status", "--type=merge", "-p", status)).EnsureSuccess();
    }

    private const string PlainContainer = "  containers:\n  - {name: main, image: busybox}";

    /// <summary>A pod whose spec is <paramref name="spec"/> (YAML lines indented by two) and, unless given there, one plain container.</summary>
    private static async Task ApplyPodAsync(Kubectl kubectl, string ns, string name, string spec)
    {
        var containers = spec.Contains("  containers:", StringComparison.Ordinal) ? "" : PlainContainer;
        var file = kubectl.WriteFile($"{ns}-{name}.yaml", $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: {{{name}}}, namespace: {{{ns}}}, labels: {app: {{{name}}}}}
            spec:
            {{{containers}}}
            {{{spec}}}
            """);
        (await kubectl.RunAsync("apply", "-f", file)).EnsureSuccess();
    }

    private static async Task<string> NodeOfAsync(Kubectl kubectl, string ns, string pod)
    {
        var node = "";
        await Poll.UntilAsync(async () =>
        {
            node = (await kubectl.RunAsync("get", "pod", pod, "-n", ns, "-o", "jsonpath={.spec.nodeName}")).EnsureSuccess().StdOut;
            return node != "";
        }, Within, $"{pod} is bound");
        return node;
    }

    private static async Task<string> FailedSchedulingAsync(Kubectl kubectl, string ns, string pod)
    {
        var message = "";
        await Poll.UntilAsync(async () =>
        {
            var messages = (await kubectl.RunAsync("get", "events", "-n", ns, "--field-selector", $"involvedObject.name={pod},reason=FailedScheduling",
                "-o", "jsonpath={range .items[*]}{.message}{'\\n'}{end}")).EnsureSuccess().StdOut;
            message = messages.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            return message != "";
        }, Within, $"{pod} has a FailedScheduling event");
        return message;
    }

    [Fact]
    public async Task Placement_FollowsResourcesSelectorsTaintsAffinitySpreadCordonAndProfiles()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync("sched");
        var (a, b, t) = (WharfServerFixture.UniqueName("a"), WharfServerFixture.UniqueName("b"), WharfServerFixture.UniqueName("t"));
        var zone = WharfServerFixture.UniqueName("zone");
        await AddNodeAsync(kubectl, a, zone + "-a", "2");
        await AddNodeAsync(kubectl, b, zone + "-b", "2");
        await AddNodeAsync(kubectl, t, zone + "-b", "2", taint: "db");
        // Only this test's nodes: the pods select them by zone.
        var inZones = $$"""
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                    - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [{{zone}}-a, {{zone}}-b]}]
            """;

        // Resources: nothing has 3 CPUs; the message names every node's reason, upstream's form.
        await ApplyPodAsync(kubectl, ns, "big", inZones + "\n" + """
              containers:
              - {name: main, image: busybox, resources: {requests: {cpu: "3"}}}
            """);
        var big = await FailedSchedulingAsync(kubectl, ns, "big");
        Assert.Matches(@"^0/\d+ nodes are available: .*2 Insufficient cpu.*\. preemption: 0/\d+ nodes are available: ", big);
        Assert.Contains("1 node(s) had untolerated taint {dedicated: db}", big);
        Assert.Equal("False/Unschedulable", (await kubectl.RunAsync("get", "pod", "big", "-n", ns, "-o",
            "jsonpath={.status.conditions[?(@.type=='PodScheduled')].status}/{.status.conditions[?(@.type=='PodScheduled')].reason}")).EnsureSuccess().StdOut);

        // nodeSelector, and a toleration that lets a pod onto the tainted node (the only node it selects).
        await ApplyPodAsync(kubectl, ns, "in-a", $"  nodeSelector: {{topology.kubernetes.io/zone: {zone}-a}}");
        Assert.Equal(a, await NodeOfAsync(kubectl, ns, "in-a"));
        await ApplyPodAsync(kubectl, ns, "tolerant", $$"""
              nodeSelector: {kubernetes.io/hostname: {{t}}}
              tolerations: [{key: dedicated, operator: Equal, value: db, effect: NoSchedule}]
            """);
        Assert.Equal(t, await NodeOfAsync(kubectl, ns, "tolerant"));

        // Pod anti-affinity against "in-a" keeps a pod off node a; cordoning b leaves it nowhere until uncordoned.
        (await kubectl.RunAsync("cordon", b)).EnsureSuccess();
        await ApplyPodAsync(kubectl, ns, "apart", inZones + "\n" + """
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - {labelSelector: {matchLabels: {app: in-a}}, topologyKey: kubernetes.io/hostname}
            """);
        var apart = await FailedSchedulingAsync(kubectl, ns, "apart");
        Assert.Contains("1 node(s) didn't match pod anti-affinity rules", apart);
        Assert.Contains("1 node(s) were unschedulable", apart);
        Assert.Contains("1 node(s) had untolerated taint {dedicated: db}", apart);
        (await kubectl.RunAsync("uncordon", b)).EnsureSuccess();
        Assert.Equal(b, await NodeOfAsync(kubectl, ns, "apart"));

        // Pod affinity draws a pod to "in-a"'s node; a hard zone spread puts the second of two pods in the other zone.
        await ApplyPodAsync(kubectl, ns, "near", """
              affinity:
                podAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - {labelSelector: {matchLabels: {app: in-a}}, topologyKey: kubernetes.io/hostname}
            """);
        Assert.Equal(a, await NodeOfAsync(kubectl, ns, "near"));
        var spread = inZones + "\n" + """
              topologySpreadConstraints:
              - maxSkew: 1
                topologyKey: topology.kubernetes.io/zone
                whenUnsatisfiable: DoNotSchedule
                labelSelector: {matchExpressions: [{key: app, operator: In, values: [spread-1, spread-2]}]}
            """;
        await ApplyPodAsync(kubectl, ns, "spread-1", spread);
        var first = await NodeOfAsync(kubectl, ns, "spread-1");
        await ApplyPodAsync(kubectl, ns, "spread-2", spread);
        Assert.Equal([a, b], new[] { first, await NodeOfAsync(kubectl, ns, "spread-2") }.Order());

        // A second profile from --scheduler-config schedules its pods under its own name.
        await ApplyPodAsync(kubectl, ns, "second", $"  schedulerName: second-scheduler\n  nodeSelector: {{topology.kubernetes.io/zone: {zone}-a}}");
        Assert.Equal(a, await NodeOfAsync(kubectl, ns, "second"));
        var source = "";
        await Poll.UntilAsync(async () =>
        {
            source = (await kubectl.RunAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=second,reason=Scheduled",
                "-o", "jsonpath={.items[0].source.component}")).EnsureSuccess().StdOut;
            return source != "";
        }, Within, "the second profile's Scheduled event");
        Assert.Equal("second-scheduler", source);
    }

    [Fact]
    public async Task HigherPriorityPod_PreemptsALowerPriorityOne()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync("preempt");
        var node = WharfServerFixture.UniqueName("only");
        var zone = WharfServerFixture.UniqueName("zone");
        await AddNodeAsync(kubectl, node, zone, "1");
        var (low, high) = (WharfServerFixture.UniqueName("low"), WharfServerFixture.UniqueName("high"));
        (await kubectl.RunAsync("create", "priorityclass", low, "--value", "10")).EnsureSuccess();
        (await kubectl.RunAsync("create", "priorityclass", high, "--value", "1000")).EnsureSuccess();
        string Pod(string priorityClass) => $$"""
              priorityClassName: {{priorityClass}}
              nodeSelector: {topology.kubernetes.io/zone: {{zone}} }
              containers:
              - {name: main, image: busybox, resources: {requests: {cpu: 800m} } }
            """;
        await ApplyPodAsync(kubectl, ns, "victim", Pod(low));
        Assert.Equal(node, await NodeOfAsync(kubectl, ns, "victim"));

        await ApplyPodAsync(kubectl, ns, "preemptor", Pod(high));

        // The victim is marked for eviction by the scheduler and deleted gracefully; the preemptor is nominated.
        await Poll.UntilAsync(async () => (await kubectl.RunAsync("get", "pod", "preemptor", "-n", ns, "-o", "jsonpath={.status.nominatedNodeName}")).StdOut == node,
            Within, "the preemptor is nominated to the node");
        var victim = (await kubectl.RunAsync("get", "pod", "victim", "-n", ns, "-o",
            "jsonpath={.metadata.deletionTimestamp}|{.status.conditions[?(@.type=='DisruptionTarget')].reason}")).EnsureSuccess().StdOut;
        Assert.Matches(@"^\d{4}-.+\|PreemptionByScheduler$", victim);
        // No kubelet: finish the graceful deletion as one would, then the preemptor takes the room.
        (await kubectl.RunAsync("delete", "pod", "victim", "-n", ns, "--force", "--grace-period=0")).EnsureSuccess();
        Assert.Equal(node, await NodeOfAsync(kubectl, ns, "preemptor"));
        (await kubectl.RunAsync("delete", "priorityclass", low, high)).EnsureSuccess();
    }
}
