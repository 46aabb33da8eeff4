using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class LabelAnnotateTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task Label_AddRefuseOverwriteRemove()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns)).EnsureSuccess();

        Assert.Equal("configmap/c1 labeled\n", (await kubectl.RunAsync("label", "configmap", "c1", "-n", ns, "tier=fe")).EnsureSuccess().StdOut);

        var refused = await kubectl.RunAsync("label", "configmap", "c1", "-n", ns, "tier=be");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: 'tier' already has a value (fe), and --overwrite is false\n", refused.StdErr);

        Assert.Equal("configmap/c1 labeled\n", (await kubectl.RunAsync("label", "configmap", "c1", "-n", ns, "tier=be", "--overwrite")).EnsureSuccess().StdOut);
        Assert.Equal("{\"tier\":\"be\"}", (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "jsonpath={.metadata.labels}")).EnsureSuccess().StdOut);

        Assert.Equal("configmap/c1 unlabeled\n", (await kubectl.RunAsync("label", "configmap", "c1", "-n", ns, "tier-")).EnsureSuccess().StdOut);
        Assert.Equal("", (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "jsonpath={.metadata.labels.tier}")).EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task Annotate_AddRefuseOverwriteRemove()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns)).EnsureSuccess();

        Assert.Equal("configmap/c1 annotated\n", (await kubectl.RunAsync("annotate", "configmap", "c1", "-n", ns, "note=hi")).EnsureSuccess().StdOut);

        var refused = await kubectl.RunAsync("annotate", "configmap", "c1", "-n", ns, "note=ho");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hi)\n", refused.StdErr);

        Assert.Equal("configmap/c1 annotated\n", (await kubectl.RunAsync("annotate", "configmap", "c1", "-n", ns, "note=ho", "--overwrite")).EnsureSuccess().StdOut);
        Assert.Equal("ho", (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "jsonpath={.metadata.annotations.note}")).EnsureSuccess().StdOut);

        Assert.Equal("configmap/c1 annotated\n", (await kubectl.RunAsync("annotate", "configmap", "c1", "-n", ns, "note-")).EnsureSuccess().StdOut);
        Assert.Equal("", (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "jsonpath={.metadata.annotations.note}")).EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task Label_WithStaleResourceVersion_Conflicts()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns)).EnsureSuccess();
        var rv = (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}")).EnsureSuccess().StdOut;
        (await kubectl.RunAsync("label", "configmap", "c1", "-n", ns, "a=1")).EnsureSuccess();

        var stale = await kubectl.RunAsync("label", "configmap", "c1", "-n", ns, "b=2", $"--resource-version={rv}");

        Assert.Equal(1, stale.ExitCode);
        Assert.Equal("Error from server (Conflict): Operation cannot be fulfilled on configmaps \"c1\": the object has been modified; please apply your changes to the latest version and try again\n", stale.StdErr);
        Assert.Equal("{\"a\":\"1\"}", (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "jsonpath={.metadata.labels}")).EnsureSuccess().StdOut);
    }
}
