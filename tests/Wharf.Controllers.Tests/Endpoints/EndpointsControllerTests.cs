using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Endpoints;
using Wharf.Controllers.Manager;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.Endpoints;

public sealed class EndpointsControllerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Endpoints_FollowPodReadinessNamedPortsAndServiceLifecycle()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var kubernetesBefore = await client.GetAsync(Resource.Endpoints, "default", "kubernetes", Ct);
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.Endpoints] });

        await client.CreateAsync(Resource.Services, "default", NetworkObjects.Service("web", new JsonObject { ["app"] = "web" },
            NetworkObjects.Port("http", 80, "http")), Ct);
        await client.CreateAsync(Resource.Pods, "default", NetworkObjects.Pod("a", "web", 8080, node: "n1", hostname: "a", subdomain: "web"), Ct);
        await client.CreateAsync(Resource.Pods, "default", NetworkObjects.Pod("b", "web", 9090), Ct);
        await client.CreateAsync(Resource.Pods, "default", NetworkObjects.Pod("other", "db", 5432), Ct);
        await NetworkObjects.SetStatusAsync(client, "a", "10.42.0.5", ready: true, Ct);
        await NetworkObjects.SetStatusAsync(client, "b", "10.42.0.6", ready: false, Ct);
        await NetworkObjects.SetStatusAsync(client, "other", "10.42.0.7", ready: true, Ct);

        JsonObject endpoints = null!;
        await Eventually.HoldsAsync(async () =>
        {
            endpoints = await client.GetAsync(Resource.Endpoints, "default", "web", Ct);
            return (endpoints["subsets"] as JsonArray)?.Count == 2;
        }, "endpoints list both pods");
        var subsets = endpoints["subsets"]!.AsArray();
        // Named target ports resolve per pod, so the two pods land in different subsets.
        var ready = subsets.Single(s => s!["addresses"] is not null)!;
        Assert.Equal(["10.42.0.5"], NetworkObjects.Ips(ready["addresses"]));
        Assert.Equal(8080, ready["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Equal("http", ready["ports"]![0]!["name"]!.GetValue<string>());
        var address = ready["addresses"]![0]!;
        Assert.Equal("a", address["hostname"]!.GetValue<string>());
        Assert.Equal("n1", address["nodeName"]!.GetValue<string>());
        Assert.Equal("Pod", address["targetRef"]!["kind"]!.GetValue<string>());
        var notReady = subsets.Single(s => s!["notReadyAddresses"] is not null)!;
        Assert.Equal(["10.42.0.6"], NetworkObjects.Ips(notReady["notReadyAddresses"]));
        Assert.Equal(9090, notReady["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Equal("front", endpoints["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        // The trigger-time annotation is only written by syncs that a pod or service change caused (a resync omits
        // it), so whether it is present at this moment depends on timing; it is not asserted here.

        await NetworkObjects.SetStatusAsync(client, "b", "10.42.0.6", ready: true, Ct);
        await Eventually.HoldsAsync(async () =>
        {
            var e = await client.GetAsync(Resource.Endpoints, "default", "web", Ct);
            return e["subsets"]!.AsArray().All(s => s!["notReadyAddresses"] is null) && e["subsets"]!.AsArray().Count == 2;
        }, "pod b turns ready");

        await client.DeleteAsync(Resource.Services, "default", "web", null, Ct);
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                await client.GetAsync(Resource.Endpoints, "default", "web", Ct);
                return false;
            }
            catch (Wharf.Client.Rest.ApiException e) when (e.IsNotFound)
            {
                return true;
            }
        }, "endpoints of the deleted service are removed");

        var kubernetesAfter = await client.GetAsync(Resource.Endpoints, "default", "kubernetes", Ct);
        Assert.True(JsonNode.DeepEquals(kubernetesBefore["subsets"], kubernetesAfter["subsets"]));
        Assert.Equal(kubernetesBefore["metadata"]!["resourceVersion"]!.GetValue<string>(), kubernetesAfter["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task PublishNotReadyAddresses_ListsUnreadyPodsAsReady()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.Endpoints] });
        var service = NetworkObjects.Service("db", new JsonObject { ["app"] = "db" }, NetworkObjects.Port("", 5432, 5432));
        service["spec"]!["publishNotReadyAddresses"] = true;
        await client.CreateAsync(Resource.Services, "default", service, Ct);
        await client.CreateAsync(Resource.Pods, "default", NetworkObjects.Pod("db-0", "db", 5432), Ct);
        await NetworkObjects.SetStatusAsync(client, "db-0", "10.42.1.1", ready: false, Ct);

        await Eventually.HoldsAsync(async () =>
        {
            var e = await client.GetAsync(Resource.Endpoints, "default", "db", Ct);
            return e["subsets"] is JsonArray { Count: > 0 } subsets
                && subsets[0]?["addresses"] is JsonArray { Count: > 0 } addresses
                && addresses[0]?["ip"]?.GetValue<string>() == "10.42.1.1" && subsets[0]!["notReadyAddresses"] is null;
        }, "the unready pod is published as ready");
    }
}
