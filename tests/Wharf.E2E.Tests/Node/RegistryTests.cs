using System.Text.RegularExpressions;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Node;

/// <summary>
/// Image pulls from a registry: Debian's docker-registry on loopback with htpasswd auth, the node told through its
/// registries.yaml that the registry speaks plain http, and credentials coming from the pod's imagePullSecrets
/// (created with kubectl create secret docker-registry), as a user would set it up.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed partial class RegistryTests(NodeServerFixture fixture, LocalRegistry registry) : IClassFixture<LocalRegistry>
{
    private static readonly TimeSpan PodReadyWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_pod_with_an_image_pull_secret_pulls_from_the_authenticated_registry_and_runs()
    {
        var ns = await PrepareAsync("pull-auth");
        using var kubectl = fixture.Kubectl();
        (await kubectl.RunAsync("create", "secret", "docker-registry", "regcred", "-n", ns, $"--docker-server={registry.Host}",
            $"--docker-username={LocalRegistry.User}", $"--docker-password={LocalRegistry.Password}")).EnsureSuccess();
        var image = registry.Image("1");

        await ApplyPodAsync(kubectl, ns, "pulled", image, "IfNotPresent", pullSecret: "regcred");
        await WaitReadyAsync(kubectl, ns, "pulled");

        var imageId = (await kubectl.RunAsync("get", "pod", "pulled", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].imageID}")).EnsureSuccess().StdOut;
        // As upstream reports a pulled image: by its repo digest.
        Assert.Matches($@"^{Regex.Escape(registry.Host)}/test/busybox@sha256:[0-9a-f]{{64}}$", imageId);
        var events = await EventsAsync(kubectl, ns);
        Assert.Contains($"Pulling|Pulling image \"{image}\"", events);
        Assert.Matches(PulledEvent(), events);
    }

    [Fact]
    public async Task A_pod_without_the_secret_fails_with_ErrImagePull_and_then_backs_off()
    {
        var ns = await PrepareAsync("pull-noauth");
        using var kubectl = fixture.Kubectl();
        var image = registry.Image("2");

        await ApplyPodAsync(kubectl, ns, "denied", image, "IfNotPresent", pullSecret: null);

        await Poll.UntilAsync(async () => (await WaitingAsync(kubectl, ns, "denied")).StartsWith("ImagePullBackOff|", StringComparison.Ordinal),
            TimeSpan.FromSeconds(40), "waiting reason ImagePullBackOff");
        Assert.Equal($"ImagePullBackOff|Back-off pulling image \"{image}\"", await WaitingAsync(kubectl, ns, "denied"));
        var events = await EventsAsync(kubectl, ns);
        // containerd's own words for the refusal, behind kubelet's prefix and gRPC's error text.
        Assert.True(Regex.IsMatch(events, $@"Failed\|Failed to pull image ""{Regex.Escape(image)}"": rpc error: code = \w+ desc = .*401 Unauthorized"), events);
        Assert.Contains("Failed|Error: ErrImagePull", events);
        Assert.Contains($"BackOff|Back-off pulling image \"{image}\"", events);
        Assert.Contains("Failed|Error: ImagePullBackOff", events);
    }

    [Fact]
    public async Task Pull_policy_Never_does_not_pull_an_absent_image()
    {
        var ns = await PrepareAsync("pull-never");
        using var kubectl = fixture.Kubectl();
        var image = registry.Image("3");

        await ApplyPodAsync(kubectl, ns, "never", image, "Never", pullSecret: null);

        await Poll.UntilAsync(async () => (await WaitingAsync(kubectl, ns, "never")).StartsWith("ErrImageNeverPull|", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "waiting reason ErrImageNeverPull");
        Assert.Equal($"ErrImageNeverPull|Container image \"{image}\" is not present with pull policy of Never", await WaitingAsync(kubectl, ns, "never"));
        Assert.DoesNotContain("Pulling|", await EventsAsync(kubectl, ns));
    }

    [Fact]
    public async Task Credentials_from_the_node_registry_config_let_a_pod_pull_without_a_secret()
    {
        var ns = await PrepareAsync("pull-node-auth");
        // containerd reads registry credentials only when it starts (mirrors and TLS follow the file at once).
        var containerdConfig = Path.Combine(fixture.Server.DataDirectory, "agent", "etc", "containerd", "config.toml");
        if (!(await File.ReadAllTextAsync(containerdConfig)).Contains($"configs.\"{registry.LocalhostHost}\".auth", StringComparison.Ordinal))
        {
            await fixture.Server.RestartAsync(CancellationToken.None);
            fixture.Reconnect();
        }
        using var kubectl = fixture.Kubectl();
        var image = registry.LocalhostImage("4");

        await ApplyPodAsync(kubectl, ns, "node-auth", image, "IfNotPresent", pullSecret: null);

        await WaitReadyAsync(kubectl, ns, "node-auth");
        Assert.Contains($"Successfully pulled image \"{image}\"", await EventsAsync(kubectl, ns));
    }

    /// <summary>Points the node at the registry (plain http) and waits until the agent rendered it for containerd.</summary>
    private async Task<string> PrepareAsync(string prefix)
    {
        var config = registry.NodeConfig();
        if (!File.Exists(fixture.Server.RegistryConfigPath) || await File.ReadAllTextAsync(fixture.Server.RegistryConfigPath) != config)
            await File.WriteAllTextAsync(fixture.Server.RegistryConfigPath, config);
        var hostsToml = Path.Combine(fixture.Server.DataDirectory, "agent", "etc", "containerd", "certs.d", registry.Host, "hosts.toml");
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(hostsToml)), TimeSpan.FromSeconds(15), $"the agent wrote {hostsToml}");
        return await fixture.CreateNamespaceAsync(prefix);
    }

    private static async Task ApplyPodAsync(Kubectl kubectl, string ns, string name, string image, string policy, string? pullSecret)
    {
        var secrets = pullSecret is null ? "" : $"\n  imagePullSecrets:\n  - name: {pullSecret}";
        var manifest = $"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {name}
              namespace: {ns}
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 1{secrets}
              containers:
              - name: main
                image: {image}
                imagePullPolicy: {policy}
                command: ["sleep", "3600"]
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None)).EnsureSuccess();
    }

    private static async Task WaitReadyAsync(Kubectl kubectl, string ns, string pod)
    {
        var ready = await kubectl.RunAsync(["wait", "--for=condition=Ready", $"pod/{pod}", "-n", ns, $"--timeout={PodReadyWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = PodReadyWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None);
        Assert.True(ready.ExitCode == 0, $"{ready}\nevents:\n{await EventsAsync(kubectl, ns)}");
    }

    private static async Task<string> WaitingAsync(Kubectl kubectl, string ns, string pod) =>
        (await kubectl.RunAsync("get", "pod", pod, "-n", ns, "-o",
            "jsonpath={.status.containerStatuses[0].state.waiting.reason}|{.status.containerStatuses[0].state.waiting.message}")).EnsureSuccess().StdOut;

    /// <summary>reason|message per line, for every event in the namespace (one pod each).</summary>
    private static async Task<string> EventsAsync(Kubectl kubectl, string ns) =>
        (await kubectl.RunAsync("get", "events", "-n", ns, "-o", "jsonpath={range .items[*]}{.reason}|{.message}{\"\\n\"}{end}")).EnsureSuccess().StdOut;

    [GeneratedRegex(@"Pulled\|Successfully pulled image ""127\.0\.0\.1:\d+/test/busybox:1"" in (\d+ms|[\d.]+s) \(\1 including waiting\)\. Image size: [1-9]\d* bytes\.")]
    private static partial Regex PulledEvent();
}
