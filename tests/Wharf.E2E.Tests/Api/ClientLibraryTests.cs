using k8s;
using k8s.Models;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Api;

/// <summary>The official C# client (KubernetesClient) against Wharf: typed CRUD and watch.</summary>
public sealed class ClientLibraryTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task ConfigMap_TypedCrud()
    {
        var ns = await fixture.CreateNamespaceAsync();
        using var client = fixture.Client();

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1", Labels = new Dictionary<string, string> { ["app"] = "web" } }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);

        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("c1", ns);
        Assert.Equal("v", read.Data["k"]);

        read.Data["k"] = "v2";
        var replaced = await client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "c1", ns);
        Assert.Equal("v2", replaced.Data["k"]);
        Assert.NotEqual(read.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);

        var listed = await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "app=web");
        Assert.Equal(["c1"], listed.Items.Select(i => i.Metadata.Name));

        await client.CoreV1.DeleteNamespacedConfigMapAsync("c1", ns);
        Assert.Empty((await client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: SystemObjects.NotRootCaConfigMap)).Items);
    }

    [Fact]
    public async Task Deployment_TypedCrud()
    {
        var ns = await fixture.CreateNamespaceAsync();
        using var client = fixture.Client();
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c1", Image = "nginx:1.27" }] },
                },
            },
        };

        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, ns);
        Assert.Equal(1, created.Metadata.Generation);

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"c1","image":"nginx:1.28"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "web", ns);
        Assert.Equal("nginx:1.28", Assert.Single(patched.Spec.Template.Spec.Containers).Image);
        Assert.Equal(2, patched.Metadata.Generation);

        Assert.Equal(2, (await client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns)).Spec.Replicas);
        // The scale carries the Deployment's resourceVersion, which the running Deployment controller's status
        // writes move on: a read-modify-write retries on 409 Conflict, as client-go's RetryOnConflict does.
        for (var attempt = 1; ; attempt++)
        {
            var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
            scale.Spec.Replicas = 4;
            try
            {
                await client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", ns);
                break;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 5)
            {
            }
        }
        Assert.Equal(4, (await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas);

        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns);
        Assert.Empty((await client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items);
    }

    [Fact]
    public async Task Watch_SeesAddedModifiedDeleted()
    {
        var ns = await fixture.CreateNamespaceAsync();
        using var client = fixture.Client();
        var start = (await client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        var watch = client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(ns, watch: true, resourceVersion: start, cancellationToken: cts.Token)
            .WatchAsync<V1ConfigMap, V1ConfigMapList>(cancellationToken: cts.Token);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "c1", ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("c1", ns);

        var seen = new List<(WatchEventType, string?)>();
        await foreach (var (type, cm) in watch.Where(e => e.Item2.Metadata.Name == "c1"))
        {
            seen.Add((type, cm.Data is { } data && data.TryGetValue("k", out var k) ? k : null));
            if (seen.Count == 3)
                break;
        }
        Assert.Equal([(WatchEventType.Added, null), (WatchEventType.Modified, "v"), (WatchEventType.Deleted, "v")], seen);
    }
}
