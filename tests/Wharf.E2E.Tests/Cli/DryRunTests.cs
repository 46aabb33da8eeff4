using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class DryRunTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private const string NotFound = "Error from server (NotFound): {0} \"{1}\" not found\n";

    [Fact]
    public async Task CreateDryRunServer_StoresNothing()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();

        var created = await kubectl.RunAsync("create", "configmap", "dr", "-n", ns, "--from-literal=a=1", "--dry-run=server", "-o", "jsonpath={.metadata.name} {.data.a}");
        Assert.Equal("dr 1", created.EnsureSuccess().StdOut);
        Assert.Equal("configmap/dr created (server dry run)\n", (await kubectl.RunAsync("create", "configmap", "dr", "-n", ns, "--dry-run=server")).EnsureSuccess().StdOut);

        Assert.Equal(string.Format(NotFound, "configmaps", "dr"), (await kubectl.RunAsync("get", "configmap", "dr", "-n", ns)).StdErr);
    }

    [Fact]
    public async Task ApplyDryRunServer_StoresNothing()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 1));

        Assert.Equal("deployment.apps/web created (server dry run)\n", (await kubectl.RunAsync("apply", "-f", "web.yaml", "--dry-run=server")).EnsureSuccess().StdOut);

        Assert.Equal(string.Format(NotFound, "deployments.apps", "web"), (await kubectl.RunAsync("get", "deployment", "web", "-n", ns)).StdErr);
    }

    [Fact]
    public async Task DeleteAndLabelDryRunServer_ChangeNothing()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "keep", "-n", ns)).EnsureSuccess();
        var rv = (await kubectl.RunAsync("get", "configmap", "keep", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}")).EnsureSuccess().StdOut;

        Assert.Equal("configmap/keep labeled (server dry run)\n", (await kubectl.RunAsync("label", "configmap", "keep", "-n", ns, "a=b", "--dry-run=server")).EnsureSuccess().StdOut);
        Assert.Equal("configmap \"keep\" deleted (server dry run)\n", (await kubectl.RunAsync("delete", "configmap", "keep", "-n", ns, "--dry-run=server")).EnsureSuccess().StdOut);

        var after = await kubectl.RunAsync("get", "configmap", "keep", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion} {.metadata.labels}");
        Assert.Equal(rv + " ", after.EnsureSuccess().StdOut);
    }
}
