using System.Diagnostics;
using Wharf.Client.Tests.Support;
using Wharf.Scheduler.Tests.Hosting;

namespace Wharf.Scheduler.Tests.Hollow;

/// <summary>
/// Volume scheduling end to end: manifests applied with the real kubectl, the scheduler host against an in-process
/// API server with a hollow node, and the test playing the PV controller (nothing else binds claims here).
/// </summary>
public sealed class VolumeSchedulingTests : IAsyncLifetime
{
    private const string Ns = SchedulerEnvironment.Namespace;
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"wharf-volsched-{Guid.NewGuid():N}.kubeconfig");
    private SchedulerEnvironment _env = null!;

    public async Task InitializeAsync()
    {
        _env = await SchedulerEnvironment.StartAsync();
        _env.Server.Host.WriteKubeconfig(_kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await _env.Nodes.AddAsync(new HollowNodeSpec("node-a"));
        _env.StartScheduler();
        await KubectlAsync(null, "apply", "-f", "-", Manifest.LocalStorageClass);
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        File.Delete(_kubeconfig);
    }

    /// <summary>
    /// A hostname-pinned local PV narrows the candidates in PreFilter to its (absent) node, so upstream reports the
    /// narrowing plugin; any other affinity is checked per node by Filter.
    /// </summary>
    [Theory]
    [InlineData("local PV pinned to another node's hostname", "kubernetes.io/hostname", "node-b", "1 node(s) didn't satisfy plugin(s) [VolumeBinding]")]
    [InlineData("PV whose affinity label the node lacks", "example.com/disk", "ssd", "1 node(s) had volume node affinity conflict")]
    public async Task PodWithClaimBoundToVolumeElsewhere_StaysPendingWithFailedScheduling(string name, string affinityKey, string affinityValue, string reason)
    {
        await KubectlAsync(null, "apply", "-f", "-", Manifest.Pv("elsewhere-pv", affinityValue, affinityKey) + Manifest.BoundPvc("bound-claim", "elsewhere-pv") + Manifest.Pod("stuck", "bound-claim"));

        var expected = $"0/1 nodes are available: {reason}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
        // The informers deliver PV, PVC and pod independently: an attempt that saw the pod before its claim or volume
        // fails for that reason first, and the claim's or volume's arrival requeues it. So wait for the settled reason.
        await Eventually.HoldsAsync(async () => await PodScheduledMessageAsync("stuck") == expected, $"stuck's PodScheduled message is \"{expected}\"", TimeSpan.FromSeconds(30));
        Assert.Equal("", await KubectlAsync(Ns, "get", "pod", "stuck", "-o", "jsonpath={.spec.nodeName}"));
        await Eventually.HoldsAsync(async () => (await KubectlAsync(Ns, "get", "events", "--field-selector", "involvedObject.name=stuck,reason=FailedScheduling",
            "-o", "jsonpath={.items[*].message}")).Contains(expected, StringComparison.Ordinal), "a FailedScheduling event with that message", TimeSpan.FromSeconds(30));
        Assert.NotNull(name);
    }

    [Fact]
    public async Task WaitForFirstConsumerClaim_IsBoundByTheSchedulerThenThePodIsScheduled()
    {
        await KubectlAsync(null, "apply", "-f", "-", Manifest.Pv("local-pv", "node-a"));
        // Status is ignored on create; the PV controller would mark a new volume Available.
        await KubectlAsync(null, "patch", "pv", "local-pv", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Available\"}}");
        await KubectlAsync(null, "apply", "-f", "-", Manifest.UnboundPvc("wffc-claim") + Manifest.Pod("consumer", "wffc-claim"));

        // The scheduler's PreBind writes the claimRef and waits for the bind to complete.
        await Eventually.HoldsAsync(async () => await KubectlAsync(null, "get", "pv", "local-pv", "-o", "jsonpath={.spec.claimRef.name}") == "wffc-claim",
            "the scheduler set local-pv's claimRef", TimeSpan.FromSeconds(30));
        Assert.Equal("", await KubectlAsync(Ns, "get", "pod", "consumer", "-o", "jsonpath={.spec.nodeName}"));

        // Playing the PV controller: bind the claim to the volume and mark it completed.
        await KubectlAsync(Ns, "patch", "pvc", "wffc-claim", "--type=merge", "-p",
            "{\"metadata\":{\"annotations\":{\"pv.kubernetes.io/bind-completed\":\"yes\"}},\"spec\":{\"volumeName\":\"local-pv\"}}");
        await KubectlAsync(Ns, "patch", "pvc", "wffc-claim", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Bound\"}}");
        await KubectlAsync(null, "patch", "pv", "local-pv", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Bound\"}}");

        Assert.Equal("node-a", await _env.WaitForBindingAsync("consumer", TimeSpan.FromSeconds(30)));
        Assert.Equal("True", await KubectlAsync(Ns, "get", "pod", "consumer", "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status}"));
    }

    private Task<string> PodScheduledMessageAsync(string pod) =>
        KubectlAsync(Ns, "get", "pod", pod, "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}");

    /// <summary>Runs kubectl; a last argument starting with "apiVersion" or "---" is fed on stdin.</summary>
    private async Task<string> KubectlAsync(string? ns, params string[] args)
    {
        var stdin = args.Length > 0 && args[^1].StartsWith("---", StringComparison.Ordinal) ? args[^1] : null;
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        psi.ArgumentList.Add("--kubeconfig=" + _kubeconfig);
        if (ns is not null) psi.ArgumentList.Add("--namespace=" + ns);
        foreach (var a in stdin is null ? args : args[..^1]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(p.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {await stderr}");
        return (await stdout).Trim();
    }

    /// <summary>The YAML the tests apply; every document starts with "---".</summary>
    private static class Manifest
    {
        public const string LocalStorageClass = """
            ---
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: local
            provisioner: kubernetes.io/no-provisioner
            volumeBindingMode: WaitForFirstConsumer

            """;

        public static string Pv(string name, string value, string key = "kubernetes.io/hostname") => $"""
            ---
            apiVersion: v1
            kind: PersistentVolume
            metadata:
              name: {name}
            spec:
              capacity:
                storage: 1Gi
              accessModes: [ReadWriteOnce]
              storageClassName: local
              local:
                path: /mnt/disks/{name}
              nodeAffinity:
                required:
                  nodeSelectorTerms:
                  - matchExpressions:
                    - key: {key}
                      operator: In
                      values: [{value}]

            """;

        public static string BoundPvc(string name, string volume) => $"""
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: {name}
              namespace: {Ns}
              annotations:
                pv.kubernetes.io/bind-completed: "yes"
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: local
              volumeName: {volume}
              resources:
                requests:
                  storage: 1Gi

            """;

        public static string UnboundPvc(string name) => $"""
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: {name}
              namespace: {Ns}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: local
              resources:
                requests:
                  storage: 1Gi

            """;

        public static string Pod(string name, string claim) => $"""
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: {name}
              namespace: {Ns}
            spec:
              containers:
              - name: app
                image: registry.k8s.io/pause:3.10
              volumes:
              - name: data
                persistentVolumeClaim:
                  claimName: {claim}

            """;
    }
}
