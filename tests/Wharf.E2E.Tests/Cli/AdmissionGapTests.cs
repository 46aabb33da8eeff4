using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

/// <summary>
/// Errors the server gained with the last validation and admission gaps, as the real kubectl prints them: a pod
/// sharing the host's network from its own user namespace (422), and a pod naming a ServiceAccount that does not
/// exist (403 from the ServiceAccount admission).
/// </summary>
public sealed class AdmissionGapTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task Apply_PodInOwnUserNamespaceOnHostNetwork_PrintsTheForbiddenField()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync("userns");
        const string pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              hostUsers: false
              hostNetwork: true
              containers: [{name: c, image: busybox}]
            """;

        var result = await kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], new KubectlOptions { StdIn = pod }, CancellationToken.None);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("The Pod \"p\" is invalid: spec.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false\n", result.StdErr);
    }

    [Fact]
    public async Task Run_PodWithMissingServiceAccount_IsForbidden()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync("sa");

        var result = await kubectl.RunAsync(
            ["run", "p", "-n", ns, "--image", "busybox", "--restart", "Never", "--overrides", """{"spec":{"serviceAccountName":"missing"}}"""],
            new KubectlOptions(), CancellationToken.None);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Error from server (Forbidden): pods \"p\" is forbidden: error looking up service account {ns}/missing: serviceaccount \"missing\" not found\n", result.StdErr);
    }

    [Fact]
    public async Task Run_PodRightAfterItsNamespace_GetsTheDefaultAccount()
    {
        using var kubectl = fixture.Kubectl();
        var ns = WharfServerFixture.UniqueName("fresh");

        // No waiting for the controllers between the two: admission waits for the default ServiceAccount.
        (await kubectl.RunAsync(["create", "namespace", ns], new KubectlOptions(), CancellationToken.None)).EnsureSuccess();
        var result = await kubectl.RunAsync(["run", "p", "-n", ns, "--image", "busybox", "--restart", "Never"], new KubectlOptions(), CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.StdErr);
        var account = await kubectl.RunAsync(["get", "pod", "p", "-n", ns, "-o", "jsonpath={.spec.serviceAccountName}"], new KubectlOptions(), CancellationToken.None);
        Assert.Equal("default", account.EnsureSuccess().StdOut);
    }
}
