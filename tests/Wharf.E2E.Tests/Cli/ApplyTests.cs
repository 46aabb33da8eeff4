using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class ApplyTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task ApplyTwice_CreatedThenUnchanged_ThenConfiguredOnChange()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));

        Assert.Equal("deployment.apps/web created\n", (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess().StdOut);
        Assert.Equal("deployment.apps/web unchanged\n", (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess().StdOut);

        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 4));
        Assert.Equal("deployment.apps/web configured\n", (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess().StdOut);

        var replicas = await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}");
        Assert.Equal("4", replicas.EnsureSuccess().StdOut);
        var lastApplied = await kubectl.RunAsync("get", "deployment", "web", "-n", ns,
            "-o", @"jsonpath={.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}");
        Assert.Contains("\"replicas\":4", lastApplied.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task ServerSideApply_CreatesThenReapplies()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));

        Assert.Equal("deployment.apps/web serverside-applied\n", (await kubectl.RunAsync("apply", "--server-side", "-f", "web.yaml")).EnsureSuccess().StdOut);
        Assert.Equal("deployment.apps/web serverside-applied\n", (await kubectl.RunAsync("apply", "--server-side", "-f", "web.yaml")).EnsureSuccess().StdOut);

        var managers = await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager}");
        Assert.Equal("kubectl", managers.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task ServerSideApply_AsKubectl_OverUnchangedClientSideField_TakesItWithoutConflict()
    {
        // Upstream upgrades client-side apply to server-side apply for manager "kubectl": a field whose live value
        // still equals last-applied-configuration changes hands instead of conflicting.
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));
        (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 3));

        var applied = await kubectl.RunAsync("apply", "--server-side", "-f", "web.yaml");

        Assert.Equal("deployment.apps/web serverside-applied\n", applied.EnsureSuccess().StdOut);
        var replicas = await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}");
        Assert.Equal("3", replicas.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task ServerSideApply_AsOtherManager_OverClientSideField_ConflictsUntilForced()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));
        (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 3));

        var conflict = await kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "-f", "web.yaml");
        Assert.Equal(1, conflict.ExitCode);
        Assert.StartsWith("error: Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas\n", conflict.StdErr);
        Assert.Contains("--force-conflicts", conflict.StdErr);

        var forced = await kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "web.yaml");
        Assert.Equal("deployment.apps/web serverside-applied\n", forced.EnsureSuccess().StdOut);
        var replicas = await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}");
        Assert.Equal("3", replicas.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task ServerSideApply_AsKubectl_OverScaledReplicas_ConflictsWithScaleSubresourceUntilForced()
    {
        // kubectl scale changed replicas after the client-side apply, so the upgrade to server-side apply does not
        // cover it: the field belongs to the scale subresource's manager and the apply conflicts.
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));
        (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess();
        (await kubectl.RunAsync("scale", "deployment", "web", "-n", ns, "--replicas=4")).EnsureSuccess();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 3));

        var conflict = await kubectl.RunAsync("apply", "--server-side", "-f", "web.yaml");
        Assert.Equal(1, conflict.ExitCode);
        Assert.StartsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas\n", conflict.StdErr);

        var forced = await kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "-f", "web.yaml");
        Assert.Equal("deployment.apps/web serverside-applied\n", forced.EnsureSuccess().StdOut);
        var replicas = await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}");
        Assert.Equal("3", replicas.EnsureSuccess().StdOut);
    }
}
