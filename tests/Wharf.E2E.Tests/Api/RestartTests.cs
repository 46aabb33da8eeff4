using k8s;
using k8s.Models;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Api;

/// <summary>Restarts its own server, so it never shares one with other classes.</summary>
public sealed class RestartTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    public static TheoryData<string> HowStopped => new() { "graceful", "kill-9" };

    [Theory]
    [MemberData(nameof(HowStopped))]
    public async Task ObjectsAndRisingResourceVersions_SurviveRestart(string how)
    {
        var ns = await fixture.CreateNamespaceAsync(how);
        V1ConfigMap before;
        using (var client = fixture.Client())
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns);
            before = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k2":"v2"}}""", V1Patch.PatchType.MergePatch), "c1", ns);
        }

        if (how == "graceful")
            await fixture.Server.RestartAsync(CancellationToken.None);
        else
            await fixture.Server.KillAndRestartAsync(CancellationToken.None);
        fixture.Reconnect();

        using (var client = fixture.Client())
        {
            var after = await client.CoreV1.ReadNamespacedConfigMapAsync("c1", ns);
            Assert.Equal(before.Metadata.Uid, after.Metadata.Uid);
            Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
            Assert.Equal(before.Data, after.Data);

            var next = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c2" } }, ns);
            Assert.True(long.Parse(next.Metadata.ResourceVersion) > long.Parse(before.Metadata.ResourceVersion),
                $"resourceVersion went from {before.Metadata.ResourceVersion} to {next.Metadata.ResourceVersion} across the restart");
        }
        using var kubectl = fixture.Kubectl();
        Assert.Equal("configmap/c1\nconfigmap/c2\n", (await kubectl.RunAsync("get", "configmaps", "-n", ns, "--field-selector", SystemObjects.NotRootCaConfigMap, "-o", "name")).EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task WatchFromResourceVersionBeforeRestart_SeesLaterChanges()
    {
        var ns = await fixture.CreateNamespaceAsync("watch");
        string listVersion;
        using (var client = fixture.Client())
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, ns);
            listVersion = (await client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        }

        await fixture.Server.RestartAsync(CancellationToken.None);
        fixture.Reconnect();

        using var after = fixture.Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var events = after.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(ns, watch: true, resourceVersion: listVersion, cancellationToken: cts.Token)
            .WatchAsync<V1ConfigMap, V1ConfigMapList>(cancellationToken: cts.Token);
        await after.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c2" } }, ns);
        await foreach (var (type, cm) in events.Where(e => e.Item2.Metadata.Name != SystemObjects.RootCaConfigMap))
        {
            Assert.Equal((WatchEventType.Added, "c2"), (type, cm.Metadata.Name));
            break;
        }
    }
}
