using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

/// <summary>
/// k3s' <c>--disable-scheduler</c> and <c>--disable-controller-manager</c>: the API server serves as before while the
/// left-out component does nothing. Each case starts its own server (no node: a running scheduler would mark the pod
/// Unschedulable at once; a running controller manager would give the Deployment a ReplicaSet at once).
/// </summary>
public sealed class DisabledComponentsTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task DisableScheduler_LeavesPodsUntouched_WhileControllersRun()
    {
        await using var server = await WharfServer.StartAsync(WharfServerOptions.ControlPlaneOnly with { DisabledComponents = ["--disable-scheduler"] },
            CancellationToken.None);
        using var kubectl = new Kubectl(server.KubeconfigPath);

        (await kubectl.RunAsync("create", "deployment", "web", "--image", "busybox", "--replicas", "1")).EnsureSuccess();
        // The controller manager still runs: the Deployment's pod appears.
        await Poll.UntilAsync(async () => (await kubectl.RunAsync("get", "pods", "-l", "app=web", "-o", "name")).StdOut.Contains("pod/web-"),
            TimeSpan.FromSeconds(30), "the Deployment's pod is created");
        await Task.Delay(Settle);

        var conditions = (await kubectl.RunAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].status.conditions}{'|'}{.items[0].spec.nodeName}")).EnsureSuccess().StdOut;
        Assert.Equal("|", conditions);
        var events = (await kubectl.RunAsync("get", "events", "--field-selector", "reason=FailedScheduling", "-o", "name")).EnsureSuccess().StdOut;
        Assert.Equal("", events);
    }

    [Fact]
    public async Task DisableControllerManager_LeavesDeploymentsWithoutReplicaSets()
    {
        await using var server = await WharfServer.StartAsync(WharfServerOptions.ControlPlaneOnly with { DisabledComponents = ["--disable-controller-manager"] },
            CancellationToken.None);
        using var kubectl = new Kubectl(server.KubeconfigPath);

        (await kubectl.RunAsync("create", "deployment", "web", "--image", "busybox")).EnsureSuccess();
        await Task.Delay(Settle);

        Assert.Equal("", (await kubectl.RunAsync("get", "replicasets", "-o", "name")).EnsureSuccess().StdOut);
        Assert.Equal("", (await kubectl.RunAsync("get", "pods", "-o", "name")).EnsureSuccess().StdOut);
    }
}
