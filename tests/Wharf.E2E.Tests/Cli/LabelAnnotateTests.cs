using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class LabelAnnotateTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    /// <summary>label and annotate run the same flow; they differ in the metadata field, the verbs kubectl reports and its refusal.</summary>
    public static TheoryData<string, string, string, string, string> Verbs => new()
    {
        { "label", "labels", "labeled", "unlabeled", "error: 'tier' already has a value (fe), and --overwrite is false\n" },
        { "annotate", "annotations", "annotated", "annotated", "error: --overwrite is false but found the following declared annotation(s): 'tier' already has a value (fe)\n" },
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task AddRefuseOverwriteRemove(string verb, string field, string added, string removed, string refusal)
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns)).EnsureSuccess();
        Task<KubectlResult> Mark(params string[] args) => kubectl.RunAsync([verb, "configmap", "c1", "-n", ns, .. args]);

        Assert.Equal($"configmap/c1 {added}\n", (await Mark("tier=fe")).EnsureSuccess().StdOut);

        var refused = await Mark("tier=be");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(refusal, refused.StdErr);

        Assert.Equal($"configmap/c1 {added}\n", (await Mark("tier=be", "--overwrite")).EnsureSuccess().StdOut);
        Assert.Equal("{\"tier\":\"be\"}", await JsonPathAsync(kubectl, ns, $"{{.metadata.{field}}}"));

        Assert.Equal($"configmap/c1 {removed}\n", (await Mark("tier-")).EnsureSuccess().StdOut);
        Assert.Equal("", await JsonPathAsync(kubectl, ns, $"{{.metadata.{field}.tier}}"));
    }

    [Fact]
    public async Task Label_WithStaleResourceVersion_Conflicts()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns)).EnsureSuccess();
        var rv = await JsonPathAsync(kubectl, ns, "{.metadata.resourceVersion}");
        (await kubectl.RunAsync("label", "configmap", "c1", "-n", ns, "a=1")).EnsureSuccess();

        var stale = await kubectl.RunAsync("label", "configmap", "c1", "-n", ns, "b=2", $"--resource-version={rv}");

        Assert.Equal(1, stale.ExitCode);
        Assert.Equal("Error from server (Conflict): Operation cannot be fulfilled on configmaps \"c1\": the object has been modified; please apply your changes to the latest version and try again\n", stale.StdErr);
        Assert.Equal("{\"a\":\"1\"}", await JsonPathAsync(kubectl, ns, "{.metadata.labels}"));
    }

    private static async Task<string> JsonPathAsync(Kubectl kubectl, string ns, string path) =>
        (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", $"jsonpath={path}")).EnsureSuccess().StdOut;
}
