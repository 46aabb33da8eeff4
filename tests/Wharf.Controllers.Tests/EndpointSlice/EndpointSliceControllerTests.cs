using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.EndpointSlice;
using Wharf.Controllers.Manager;
using Wharf.Controllers.Tests.Endpoints;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.EndpointSlice;

public sealed class EndpointSliceControllerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Slices_CarryConditionsZoneAndOwner_AndFollowReadiness()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await client.CreateAsync(Resource.Nodes, null, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = "n1", ["labels"] = new JsonObject { [EndpointSliceController.ZoneLabel] = "zone-a" } },
        }, Ct);
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.EndpointSlice] });
        var service = await client.CreateAsync(Resource.Services, "default", NetworkObjects.Service("web", new JsonObject { ["app"] = "web" },
            NetworkObjects.Port("http", 80, "http")), Ct);

        // No pods yet: one empty placeholder slice.
        await Eventually.HoldsAsync(async () => (await NetworkObjects.SlicesAsync(client, "web")) is [{ } only] && only["endpoints"] is null or JsonArray { Count: 0 },
            "a placeholder slice exists");

        await client.CreateAsync(Resource.Pods, "default", NetworkObjects.Pod("a", "web", 8080, node: "n1"), Ct);
        await NetworkObjects.SetStatusAsync(client, "a", "10.42.0.5", ready: false, Ct);
        JsonObject slice = null!;
        await Eventually.HoldsAsync(async () =>
        {
            var slices = await NetworkObjects.SlicesAsync(client, "web");
            if (slices is not [{ } s] || s["endpoints"] is not JsonArray { Count: 1 }) return false;
            slice = s;
            return true;
        }, "the pod appears in the slice");
        var endpoint = slice["endpoints"]![0]!;
        Assert.Equal("10.42.0.5", endpoint["addresses"]![0]!.GetValue<string>());
        Assert.False(endpoint["conditions"]!["ready"]!.GetValue<bool>());
        Assert.False(endpoint["conditions"]!["serving"]!.GetValue<bool>());
        Assert.False(endpoint["conditions"]!["terminating"]!.GetValue<bool>());
        Assert.Equal("n1", endpoint["nodeName"]!.GetValue<string>());
        Assert.Equal("zone-a", endpoint["zone"]!.GetValue<string>());
        Assert.Equal("a", endpoint["targetRef"]!["name"]!.GetValue<string>());
        Assert.Equal("IPv4", slice["addressType"]!.GetValue<string>());
        Assert.Equal(8080, slice["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Equal("http", slice["ports"]![0]!["name"]!.GetValue<string>());
        Assert.StartsWith("web-", slice["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(EndpointSliceLabels.ControllerName, slice["metadata"]!["labels"]![EndpointSliceLabels.ManagedBy]!.GetValue<string>());
        Assert.Equal("front", slice["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        var owner = slice["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("Service", owner["kind"]!.GetValue<string>());
        Assert.Equal(service["metadata"]!["uid"]!.GetValue<string>(), owner["uid"]!.GetValue<string>());

        await NetworkObjects.SetStatusAsync(client, "a", "10.42.0.5", ready: true, Ct);
        await Eventually.HoldsAsync(async () => (await NetworkObjects.SlicesAsync(client, "web")) is [{ } s]
            && s["endpoints"]?[0]?["conditions"]?["ready"]?.GetValue<bool>() == true, "the endpoint turns ready");
    }

    [Fact]
    public async Task ManyPods_AreSplitIntoSlicesOfAtMostOneHundred()
    {
        const int pods = 130;
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.EndpointSlice] });
        await client.CreateAsync(Resource.Services, "default", NetworkObjects.Service("big", new JsonObject { ["app"] = "big" },
            NetworkObjects.Port("http", 80, 8080)), Ct);
        await Parallel.ForAsync(0, pods, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            await client.CreateAsync(Resource.Pods, "default", NetworkObjects.Pod($"big-{i}", "big", 8080), ct);
            await NetworkObjects.SetStatusAsync(client, $"big-{i}", $"10.43.{i / 200}.{i % 200 + 1}", ready: true, ct);
        });

        List<JsonObject> slices = [];
        await Eventually.HoldsAsync(async () =>
        {
            slices = await NetworkObjects.SlicesAsync(client, "big");
            return slices.Sum(s => (s["endpoints"] as JsonArray)?.Count ?? 0) == pods;
        }, "every pod is in a slice", TimeSpan.FromSeconds(30));
        Assert.All(slices, s => Assert.True(s["endpoints"]!.AsArray().Count <= SliceReconciler.MaxEndpointsPerSlice));
        Assert.Equal(2, slices.Count);
        var addresses = slices.SelectMany(s => s["endpoints"]!.AsArray()).Select(e => e!["addresses"]![0]!.GetValue<string>()).ToList();
        Assert.Equal(pods, addresses.Distinct().Count());
    }
}
