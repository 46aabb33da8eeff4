using k8s;
using k8s.Autorest;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class NamespaceTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task CreateGetDelete_PrintsUpstreamTexts()
    {
        using var kubectl = fixture.Kubectl();
        var name = WharfServerFixture.UniqueName("ns");

        var created = await kubectl.RunAsync("create", "namespace", name);
        Assert.Equal($"namespace/{name} created\n", created.EnsureSuccess().StdOut);

        var got = await kubectl.RunAsync("get", "namespace", name);
        Assert.Equal($"NAME{Pad(name, 4)}STATUS   AGE\n{name}   Active   <age>\n", KubectlTable.MaskTrailingAge(got.EnsureSuccess().StdOut));

        var deleted = await kubectl.RunAsync("delete", "namespace", name, "--wait=false");
        Assert.Equal($"namespace \"{name}\" deleted\n", deleted.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task Delete_WithForeignFinalizer_ShowsTerminating()
    {
        using var kubectl = fixture.Kubectl();
        var name = WharfServerFixture.UniqueName("ns");
        kubectl.WriteFile("ns.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n  finalizers: [example.com/hold]\n");
        (await kubectl.RunAsync("create", "-f", "ns.yaml")).EnsureSuccess();

        (await kubectl.RunAsync("delete", "namespace", name, "--wait=false")).EnsureSuccess();

        var table = KubectlTable.Parse((await kubectl.RunAsync("get", "namespace", name)).EnsureSuccess().StdOut);
        Assert.Equal("Terminating", table.Row(name)["STATUS"]);
        var phase = await kubectl.RunAsync("get", "namespace", name, "-o", "jsonpath={.status.phase} {.metadata.deletionTimestamp}");
        Assert.Matches(@"^Terminating \d{4}-\d\d-\d\dT", phase.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task Delete_EmptiesTheNamespaceThenRemovesIt()
    {
        using var kubectl = fixture.Kubectl();
        using var client = fixture.Client();
        var name = await fixture.CreateNamespaceAsync("gone");
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", name)).EnsureSuccess();

        (await kubectl.RunAsync("delete", "namespace", name, "--wait=false")).EnsureSuccess();

        await Poll.UntilAsync(async () =>
        {
            try
            {
                await client.CoreV1.ReadNamespaceAsync(name);
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(30));
        var contents = await client.CoreV1.ListNamespacedConfigMapAsync(name);
        Assert.Empty(contents.Items);
        var after = await kubectl.RunAsync("get", "namespace", name);
        Assert.Equal(1, after.ExitCode);
        Assert.Equal($"Error from server (NotFound): namespaces \"{name}\" not found\n", after.StdErr);
    }

    private static string Pad(string widest, int headerWidth) => new(' ', widest.Length - headerWidth + 3);
}
