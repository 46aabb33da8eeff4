using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Manager;
using Wharf.Controllers.Namespace;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.Namespace;

public sealed class NamespaceControllerTests
{
    private static readonly ControllerManagerOptions Options = new() { LeaderElect = false };

    private static JsonObject Deployment(string name) => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"NAME"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"NAME"}},
                 "template":{"metadata":{"labels":{"app":"NAME"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
        """.Replace("NAME", name))!.AsObject();

    private static async Task<bool> IsGoneAsync(IApiClient client, string ns)
    {
        try
        {
            await client.GetAsync(Resource.Namespaces, null, ns, CancellationToken.None);
            return false;
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return true;
        }
    }

    [Fact]
    public async Task DeletedNamespace_ContentIsRemovedThenTheNamespaceDisappears()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("doomed"), ct);
        await client.CreateAsync(Resource.ConfigMaps, "doomed", Objects.ConfigMap(null, "cm"), ct);
        await client.CreateAsync(Resource.Secrets, "doomed", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "s" } }, ct);
        await client.CreateAsync(Resource.Deployments, "doomed", Deployment("web"), ct);
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("kept"), ct);
        await client.CreateAsync(Resource.ConfigMaps, "kept", Objects.ConfigMap(null, "stays"), ct);

        await using var manager = new ManagerHarness(server, Options with { Controllers = [ControllerNames.Namespace] });
        await client.DeleteAsync(Resource.Namespaces, null, "doomed", null, ct);

        await Eventually.HoldsAsync(() => IsGoneAsync(client, "doomed"), "the namespace is deleted");
        foreach (var resource in new[] { Resource.ConfigMaps, Resource.Secrets, Resource.Deployments })
            Assert.Empty((await client.ListAsync(resource, "doomed", null, ct))["items"]!.AsArray());
        Assert.NotNull(await client.GetAsync(Resource.ConfigMaps, "kept", "stays", ct));
    }

    [Fact]
    public async Task ContentHeldByAFinalizer_IsReportedInConditionsAndBlocksUntilReleased()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("held"), ct);
        var cm = Objects.ConfigMap(null, "held-cm");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await client.CreateAsync(Resource.ConfigMaps, "held", cm, ct);

        await using var manager = new ManagerHarness(server, Options with { Controllers = [ControllerNames.Namespace] });
        await client.DeleteAsync(Resource.Namespaces, null, "held", null, ct);

        await Eventually.HoldsAsync(async () =>
        {
            var ns = await client.GetAsync(Resource.Namespaces, null, "held", ct);
            return (ns["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c =>
                c["type"]!.ToString() == NamespaceConditionUpdater.FinalizersRemaining && c["status"]!.ToString() == "True"
                && c["message"]!.ToString() == "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances") == true;
        }, "the namespace reports the finalizer holding its content");
        var stuck = await client.GetAsync(Resource.Namespaces, null, "held", ct);
        Assert.Equal("Terminating", stuck["status"]!["phase"]!.ToString());
        Assert.Contains("kubernetes", stuck["spec"]!["finalizers"]!.AsArray().Select(f => f!.ToString()));

        await client.PatchAsync(Resource.ConfigMaps, "held", "held-cm", PatchType.Merge, JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, null, ct);
        // The controller looks again after half the 15 s finalizer estimate.
        await Eventually.HoldsAsync(() => IsGoneAsync(client, "held"), "the namespace is deleted once released", TimeSpan.FromSeconds(25));
    }
}
