using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class PatchTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    public static TheoryData<string, string, string, string> Patches => new()
    {
        // Strategic merge: containers merge by name, so c2 survives.
        { "strategic", "strategic", """{"spec":{"template":{"spec":{"containers":[{"name":"c1","image":"nginx:1.28"}]}}}}""", "c1=nginx:1.28 c2=busybox:1.36" },
        // JSON merge patch (RFC 7386): a list is replaced whole.
        { "merge", "merge", """{"spec":{"template":{"spec":{"containers":[{"name":"c1","image":"nginx:1.28"}]}}}}""", "c1=nginx:1.28" },
        // JSON patch (RFC 6902): one path.
        { "json", "json", """[{"op":"replace","path":"/spec/template/spec/containers/1/image","value":"busybox:1.37"}]""", "c1=nginx:1.27 c2=busybox:1.37" },
    };

    [Theory]
    [MemberData(nameof(Patches))]
    public async Task Patch_EachType_ChangesAsItsRulesSay(string caseName, string type, string patch, string expectedImages)
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync(caseName);
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 1));
        (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess();

        var patched = await kubectl.RunAsync("patch", "deployment", "web", "-n", ns, $"--type={type}", "-p", patch);
        Assert.Equal("deployment.apps/web patched\n", patched.EnsureSuccess().StdOut);

        var images = await kubectl.RunAsync("get", "deployment", "web", "-n", ns,
            "-o", "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image} {end}");
        Assert.Equal(expectedImages, images.EnsureSuccess().StdOut.TrimEnd());
    }

    [Fact]
    public async Task Patch_SameValueAgain_PrintsNoChange()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns, "--from-literal=a=1")).EnsureSuccess();

        Assert.Equal("configmap/c1 patched\n", (await kubectl.RunAsync("patch", "configmap", "c1", "-n", ns, "-p", """{"data":{"b":"2"}}""")).EnsureSuccess().StdOut);
        Assert.Equal("configmap/c1 patched (no change)\n", (await kubectl.RunAsync("patch", "configmap", "c1", "-n", ns, "-p", """{"data":{"b":"2"}}""")).EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task Patch_Missing_PrintsNotFound()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();

        var missing = await kubectl.RunAsync("patch", "configmap", "nope", "-n", ns, "-p", """{"data":{"b":"2"}}""");

        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error from server (NotFound): configmaps \"nope\" not found\n", missing.StdErr);
    }
}
