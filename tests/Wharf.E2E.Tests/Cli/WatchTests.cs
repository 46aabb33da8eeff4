using k8s;
using k8s.Models;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class WatchTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task GetWatch_PrintsListThenOneRowPerEvent()
    {
        using var kubectl = fixture.Kubectl();
        using var client = fixture.Client();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "seed", "-n", ns)).EnsureSuccess();

        await using var watch = await kubectl.StartAsync(["get", "configmaps", "-n", ns, "--field-selector", SystemObjects.NotRootCaConfigMap, "-w"], new KubectlOptions { Timeout = TimeSpan.FromSeconds(20) }, CancellationToken.None);
        Assert.True(await watch.WaitForOutputAsync(o => o.Contains("seed"), Within, CancellationToken.None), watch.StdErr);

        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w1" } }, ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "w1", ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("w1", ns);
        Assert.True(await watch.WaitForOutputAsync(o => o.Split('\n').Count(l => l.StartsWith("w1 ")) == 3, Within, CancellationToken.None), watch.StdOut);

        var result = await watch.StopAsync();
        var lines = KubectlTable.MaskTrailingAge(result.StdOut).TrimEnd('\n').Split('\n');
        Assert.Equal(["NAME   DATA   AGE", "seed   0      <age>", "w1     0      <age>", "w1     1      <age>", "w1     1      <age>"], lines);
    }

    [Fact]
    public async Task GetWatchOnlyJson_PrintsTypedEvents()
    {
        using var kubectl = fixture.Kubectl();
        using var client = fixture.Client();
        var ns = await fixture.CreateNamespaceAsync();

        await using var watch = await kubectl.StartAsync(["get", "configmaps", "-n", ns, "-w", "--watch-only", "-o", "json", "--output-watch-events"],
            new KubectlOptions { Timeout = TimeSpan.FromSeconds(20) }, CancellationToken.None);
        // --watch-only prints nothing before the first event, so keep creating until the watch is surely open.
        await Poll.UntilAsync(async () =>
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "probe-" } }, ns);
            return watch.StdOut.Contains("\"ADDED\"");
        }, Within);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w2" } }, ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("w2", ns);
        Assert.True(await watch.WaitForOutputAsync(o => o.Contains("\"DELETED\""), Within, CancellationToken.None), watch.StdOut);

        var events = (await watch.StopAsync()).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString() == "w2")
            .Select(e => e.GetProperty("type").GetString())
            .ToList();
        Assert.Equal(["ADDED", "DELETED"], events);
    }
}
