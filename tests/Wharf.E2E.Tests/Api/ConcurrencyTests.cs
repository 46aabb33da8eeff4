using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Api;

public sealed class ConcurrencyTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task TwoUpdatesFromSameResourceVersion_SecondConflicts()
    {
        var ns = await fixture.CreateNamespaceAsync();
        using var client = fixture.Client();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, ns);
        var first = Copy(created, "first");
        var second = Copy(created, "second");

        await client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "c1", ns);
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(second, "c1", ns));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(conflict.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"c1\": the object has been modified; please apply your changes to the latest version and try again", status.Message);
        Assert.Equal("first", (await client.CoreV1.ReadNamespacedConfigMapAsync("c1", ns)).Data["who"]);
    }

    [Fact]
    public async Task ParallelUpdatesFromSameResourceVersion_ExactlyOneWins()
    {
        var ns = await fixture.CreateNamespaceAsync();
        using var client = fixture.Client();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, ns);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await client.CoreV1.ReplaceNamespacedConfigMapAsync(Copy(created, $"w{i}"), "c1", ns);
                return (Code: HttpStatusCode.OK, Body: "");
            }
            catch (HttpOperationException e)
            {
                return (Code: e.Response.StatusCode, Body: e.Response.Content);
            }
        }));

        Assert.True(outcomes.Count(o => o.Code == HttpStatusCode.OK) == 1 && outcomes.Count(o => o.Code == HttpStatusCode.Conflict) == 7,
            "outcomes: " + string.Join("\n", outcomes));
    }

    [Fact]
    public async Task UpdateWithoutResourceVersion_IsUnconditional()
    {
        var ns = await fixture.CreateNamespaceAsync();
        using var client = fixture.Client();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, ns);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(Copy(created, "first"), "c1", ns);

        var blind = Copy(created, "blind");
        blind.Metadata.ResourceVersion = null;
        var replaced = await client.CoreV1.ReplaceNamespacedConfigMapAsync(blind, "c1", ns);

        Assert.Equal("blind", replaced.Data["who"]);
    }

    private static V1ConfigMap Copy(V1ConfigMap from, string who) => new()
    {
        Metadata = new V1ObjectMeta { Name = from.Metadata.Name, NamespaceProperty = from.Metadata.NamespaceProperty, ResourceVersion = from.Metadata.ResourceVersion },
        Data = new Dictionary<string, string> { ["who"] = who },
    };
}
