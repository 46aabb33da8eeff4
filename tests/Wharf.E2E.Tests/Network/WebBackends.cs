using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Network;

/// <summary>
/// The workload the service tests aim at: a Deployment of busybox httpd pods on port 8080, each answering
/// <c>/index.html</c> with its own pod name, and a Service in front of it.
/// </summary>
internal static class WebBackends
{
    private static readonly TimeSpan RolloutWithin = TimeSpan.FromSeconds(60);

    /// <summary>Creates Deployment NAME (label app=NAME) and waits until its pods are available.</summary>
    public static async Task DeployAsync(Kubectl kubectl, string ns, string name, int replicas)
    {
        var manifest = $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: {{name}}, namespace: {{ns}}}
            spec:
              replicas: {{replicas}}
              selector:
                matchLabels:
                  app: {{name}}
              template:
                metadata:
                  labels:
                    app: {{name}}
                spec:
                  containers:
                  - name: httpd
                    image: {{LocalImages.Busybox}}
                    imagePullPolicy: Never
                    command: [sh, -c, 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www']
                    ports: [{name: http, containerPort: 8080}]
                    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None)).EnsureSuccess();
        (await kubectl.RunAsync(["rollout", "status", $"deployment/{name}", "-n", ns, $"--timeout={RolloutWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = RolloutWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None)).EnsureSuccess();
    }

    /// <summary>The names of the Deployment's pods (what each one answers).</summary>
    public static async Task<IReadOnlySet<string>> PodNamesAsync(Kubectl kubectl, string ns, string name) =>
        (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", $"app={name}", "-o", "jsonpath={.items[*].metadata.name}")).EnsureSuccess()
            .StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    /// <summary>Waits until the Service's Endpoints list <paramref name="count"/> ready addresses.</summary>
    public static Task WaitForEndpointsAsync(Kubectl kubectl, string ns, string service, int count) =>
        Poll.UntilAsync(async () =>
        {
            var ips = (await kubectl.RunAsync("get", "endpoints", service, "-n", ns, "-o", "jsonpath={.subsets[*].addresses[*].ip}")).StdOut;
            return ips.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == count;
        }, TimeSpan.FromSeconds(20), $"{count} ready endpoints of {service}");
}
