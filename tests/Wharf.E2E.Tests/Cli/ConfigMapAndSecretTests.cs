using System.Text;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class ConfigMapAndSecretTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task CreateConfigMap_ThenGet_ShowsDataCountTable()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();

        var created = await kubectl.RunAsync("create", "configmap", "c1", "-n", ns, "--from-literal=a=1", "--from-literal=b=2");
        Assert.Equal("configmap/c1 created\n", created.EnsureSuccess().StdOut);

        var got = await kubectl.RunAsync("get", "configmap", "c1", "-n", ns);
        Assert.Equal("NAME   DATA   AGE\nc1     2      <age>\n", KubectlTable.MaskTrailingAge(got.EnsureSuccess().StdOut));
        var data = await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "jsonpath={.data}");
        Assert.Equal("{\"a\":\"1\",\"b\":\"2\"}", data.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task GetMissing_PrintsNotFound()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();

        var result = await kubectl.RunAsync("get", "configmap", "nope", "-n", ns);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal("Error from server (NotFound): configmaps \"nope\" not found\n", result.StdErr);
    }

    [Fact]
    public async Task CreateTwice_PrintsAlreadyExists()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns)).EnsureSuccess();

        var again = await kubectl.RunAsync("create", "configmap", "c1", "-n", ns);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal("error: failed to create configmap: configmaps \"c1\" already exists\n", again.StdErr);
    }

    [Fact]
    public async Task CreateSecretFromFile_KeyIsBasename_DataIsBase64()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        var file = kubectl.WriteFile("pw.txt", "s3cr3t\n");

        var created = await kubectl.RunAsync("create", "secret", "generic", "s1", "-n", ns, $"--from-file={file}");
        Assert.Equal("secret/s1 created\n", created.EnsureSuccess().StdOut);

        var data = await kubectl.RunAsync("get", "secret", "s1", "-n", ns, "-o", "jsonpath={.data}");
        Assert.Equal($"{{\"pw.txt\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes("s3cr3t\n"))}\"}}", data.EnsureSuccess().StdOut);
        var table = await kubectl.RunAsync("get", "secrets", "-n", ns);
        Assert.Equal("NAME   TYPE     DATA   AGE\ns1     Opaque   1      <age>\n", KubectlTable.MaskTrailingAge(table.EnsureSuccess().StdOut));
    }
}
