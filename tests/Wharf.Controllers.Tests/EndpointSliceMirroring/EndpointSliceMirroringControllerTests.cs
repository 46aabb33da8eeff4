using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.EndpointSlice;
using Wharf.Controllers.Manager;
using Wharf.Controllers.Tests.Endpoints;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.EndpointSliceMirroring;

public sealed class EndpointSliceMirroringControllerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task SelectorlessServiceEndpoints_AreMirrored_AndKubernetesSliceIsWritten()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.EndpointSliceMirroring] });

        await client.CreateAsync(Resource.Services, "default", NetworkObjects.Service("ext", null, NetworkObjects.Port("db", 5432, 5432)), Ct);
        var endpoints = await client.CreateAsync(Resource.Endpoints, "default", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject { ["name"] = "ext", ["namespace"] = "default", ["labels"] = new JsonObject { ["team"] = "data" } },
            ["subsets"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray(new JsonObject { ["ip"] = "192.0.2.10" }, new JsonObject { ["ip"] = "192.0.2.11" }),
                ["notReadyAddresses"] = new JsonArray(new JsonObject { ["ip"] = "192.0.2.12" }),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "db", ["port"] = 5432, ["protocol"] = "TCP" }),
            }),
        }, Ct);

        JsonObject slice = null!;
        await Eventually.HoldsAsync(async () =>
        {
            if (await NetworkObjects.SlicesAsync(client, "ext") is not [{ } s] || (s["endpoints"] as JsonArray)?.Count != 3) return false;
            slice = s;
            return true;
        }, "the endpoints are mirrored");
        var labels = slice["metadata"]!["labels"]!;
        Assert.Equal(EndpointSliceLabels.MirroringControllerName, labels[EndpointSliceLabels.ManagedBy]!.GetValue<string>());
        Assert.Equal("data", labels["team"]!.GetValue<string>());
        Assert.Equal("Endpoints", slice["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(endpoints["metadata"]!["uid"]!.GetValue<string>(), slice["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        var readiness = slice["endpoints"]!.AsArray().ToDictionary(e => e!["addresses"]![0]!.GetValue<string>(), e => e!["conditions"]!["ready"]!.GetValue<bool>());
        Assert.Equal(new Dictionary<string, bool> { ["192.0.2.10"] = true, ["192.0.2.11"] = true, ["192.0.2.12"] = false }, readiness);
        Assert.Equal(5432, slice["ports"]![0]!["port"]!.GetValue<int>());

        // The API server's own endpoints carry skip-mirror: their slice is the apiserver-shaped "kubernetes".
        var kubernetes = await client.GetAsync(Resource.Endpoints, "default", "kubernetes", Ct);
        await Eventually.HoldsAsync(async () => (await client.GetAsync(Resource.EndpointSlices, "default", "kubernetes", Ct)) is not null, "the kubernetes slice exists");
        var apiSlice = await client.GetAsync(Resource.EndpointSlices, "default", "kubernetes", Ct);
        Assert.Equal(kubernetes["subsets"]![0]!["addresses"]![0]!["ip"]!.GetValue<string>(), apiSlice["endpoints"]![0]!["addresses"]![0]!.GetValue<string>());
        Assert.Null(apiSlice["metadata"]!["labels"]![EndpointSliceLabels.ManagedBy]);
        Assert.Empty(await NetworkObjects.SlicesAsync(client, "kubernetes") is var all ? all.Where(s => s["metadata"]!["name"]!.GetValue<string>() != "kubernetes") : []);

        // A selector on the service ends the mirroring.
        var service = await client.GetAsync(Resource.Services, "default", "ext", Ct);
        service["spec"]!["selector"] = new JsonObject { ["app"] = "ext" };
        await client.UpdateAsync(Resource.Services, service, Ct);
        await Eventually.HoldsAsync(async () => (await NetworkObjects.SlicesAsync(client, "ext")).Count == 0, "mirrored slices are removed");
    }
}
