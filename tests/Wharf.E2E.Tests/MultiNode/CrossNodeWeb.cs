using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.MultiNode;

/// <summary>
/// The workload the cross-node tests share, in a namespace of its own: Deployment <c>web</c> of two busybox httpd pods
/// (port 8080, each answering <c>/index.html</c> with its pod name) kept on different nodes by a required pod
/// anti-affinity, ClusterIP Service <c>web</c> (80 → 8080) in front of them, and a <c>client</c> pod pinned to the
/// first node.
/// </summary>
public sealed class CrossNodeWeb
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);

    private readonly NetnsClusterFixture _cluster;

    private CrossNodeWeb(NetnsClusterFixture cluster, string ns, string clientNode, IReadOnlyList<Backend> backends)
    {
        _cluster = cluster;
        Namespace = ns;
        ClientNode = clientNode;
        Backends = backends;
    }

    public string Namespace { get; }

    /// <summary>The node the client pod runs on.</summary>
    public string ClientNode { get; }

    public IReadOnlyList<Backend> Backends { get; }

    /// <summary>The backend on a node other than the client's.</summary>
    public Backend Remote => Backends.Single(b => b.Node != ClientNode);

    public sealed record Backend(string Name, string Node, string Ip);

    public static async Task<CrossNodeWeb> DeployAsync(NetnsClusterFixture cluster)
    {
        var ns = await cluster.CreateNamespaceAsync("multinode");
        var clientNode = cluster.Nodes[0].Name;
        using var kubectl = cluster.Kubectl();
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = Manifest(ns, clientNode) }, CancellationToken.None)).EnsureSuccess();
        var rollout = await kubectl.RunAsync(["rollout", "status", "deployment/web", "-n", ns, $"--timeout={ReadyWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = ReadyWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None);
        var client = await kubectl.RunAsync(["wait", "--for=condition=Ready", "pod/client", "-n", ns, $"--timeout={ReadyWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = ReadyWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None);
        if (rollout.ExitCode != 0 || client.ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"{rollout}\n{client}\n{await cluster.DiagnoseAsync(ns)}");
        var rows = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=web", "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.podIP}{\"\\n\"}{end}")).EnsureSuccess().StdOut;
        var backends = rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(' ')).Select(f => new Backend(f[0], f[1], f[2])).ToList();
        // Every cross-node test rests on this; a scheduler that ignored the anti-affinity must fail here, not obscurely later.
        if (backends.Count != 2 || backends.Select(b => b.Node).Distinct().Count() != 2)
            throw new Xunit.Sdk.XunitException($"web backends not spread over two nodes:\n{rows}\n{await cluster.DiagnoseAsync(ns)}");
        return new CrossNodeWeb(cluster, ns, clientNode, backends);
    }

    /// <summary>An HTTP GET from the client pod (busybox wget); the body, trimmed, or a failed assertion with the transcript.</summary>
    public async Task<string> FetchFromClientAsync(string url)
    {
        using var kubectl = _cluster.Kubectl();
        var result = await kubectl.RunAsync("exec", "client", "-n", Namespace, "--", "timeout", "5", "wget", "-q", "-O", "-", url);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut.Trim();
    }

    private static string Manifest(string ns, string clientNode) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: {{ns}}}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - labelSelector:
                      matchLabels: {app: web}
                    topologyKey: kubernetes.io/hostname
              containers:
              - name: httpd
                image: {{LocalImages.Busybox}}
                imagePullPolicy: Never
                command: [sh, -c, 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www']
                ports: [{name: http, containerPort: 8080}]
                readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: {{ns}}}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: {{ns}}}
        spec:
          nodeSelector: {kubernetes.io/hostname: {{clientNode}}}
          containers:
          - name: client
            image: {{LocalImages.Busybox}}
            imagePullPolicy: Never
            command: [sleep, '3600']
        """;
}
