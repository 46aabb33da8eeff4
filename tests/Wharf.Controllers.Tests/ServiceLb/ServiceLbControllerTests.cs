using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Manager;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.ServiceLb;

/// <summary>The local provider's load balancers through the controller manager, against a real API server.</summary>
public sealed class ServiceLbControllerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Finalizer = "service.kubernetes.io/load-balancer-cleanup";

    [Fact]
    public async Task LoadBalancer_GetsTheNodeAddresses_AFinalizer_AndLosesBothWhenTheTypeChanges()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await client.CreateAsync(Resource.Nodes, null, Node("n1", internalIp: "192.0.2.11"), Ct);
        await client.CreateAsync(Resource.Nodes, null, Node("n2", internalIp: "192.0.2.12", externalIp: "198.51.100.2"), Ct);
        await client.CreateAsync(Resource.Nodes, null, Node("excluded", internalIp: "192.0.2.13", excluded: true), Ct);
        await using var manager = Start(server);

        await client.CreateAsync(Resource.Services, "default", Service("web", 80), Ct);

        var web = await WaitForIngressAsync(client, "web");
        Assert.Equal(["192.0.2.11", "198.51.100.2"], Ips(web));
        Assert.Equal("VIP", web["status"]!["loadBalancer"]!["ingress"]![0]!["ipMode"]!.GetValue<string>());
        Assert.Contains(Finalizer, Finalizers(web));

        await client.PatchAsync(Resource.Services, "default", "web", PatchType.Merge,
            JsonNode.Parse("""{"spec":{"type":"ClusterIP"}}""")!, null, Ct);
        await Eventually.HoldsAsync(async () =>
        {
            var s = await client.GetAsync(Resource.Services, "default", "web", Ct);
            return Ips(s).Count == 0 && !Finalizers(s).Contains(Finalizer);
        }, "status and finalizer removed after the type change");
    }

    [Fact]
    public async Task APortHeldByOneLoadBalancer_KeepsTheNextPending_UntilTheFirstIsDeleted()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await client.CreateAsync(Resource.Nodes, null, Node("n1", internalIp: "192.0.2.11"), Ct);
        await using var manager = Start(server);
        await client.CreateAsync(Resource.Services, "default", Service("first", 8080), Ct);
        await WaitForIngressAsync(client, "first");

        await client.CreateAsync(Resource.Services, "default", Service("second", 8080), Ct);

        await Eventually.HoldsAsync(async () =>
        {
            var events = await client.ListAsync(Resource.Events, "default", null, Ct);
            return (events["items"] as JsonArray ?? []).Any(e =>
                e!["reason"]?.GetValue<string>() == "SyncLoadBalancerFailed"
                && e["involvedObject"]!["name"]!.GetValue<string>() == "second"
                && e["message"]!.GetValue<string>().Contains("port 8080/TCP is already used by service default/first"));
        }, "a SyncLoadBalancerFailed event names the holder");
        Assert.Empty(Ips(await client.GetAsync(Resource.Services, "default", "second", Ct)));

        await client.DeleteAsync(Resource.Services, "default", "first", null, Ct);

        Assert.Equal(["192.0.2.11"], Ips(await WaitForIngressAsync(client, "second")));
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                await client.GetAsync(Resource.Services, "default", "first", Ct);
                return false;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                return true;
            }
        }, "the finalizer let the first service go");
    }

    [Fact]
    public async Task APortReservedForTheIngress_IsRefusedWithTheHolderNamed()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await client.CreateAsync(Resource.Nodes, null, Node("n1", internalIp: "192.0.2.11"), Ct);
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions
        {
            LeaderElect = false,
            Controllers = [ControllerNames.ServiceLb],
            CloudProvider = c => new Wharf.Controllers.Cloud.Local.LocalCloudProvider(c, new Dictionary<int, string> { [443] = "the ingress controller" }),
        });
        await client.CreateAsync(Resource.Services, "default", Service("https", 443), Ct);
        await client.CreateAsync(Resource.Services, "default", Service("other", 8443), Ct);

        await WaitForIngressAsync(client, "other");
        await Eventually.HoldsAsync(async () =>
        {
            var events = await client.ListAsync(Resource.Events, "default", null, Ct);
            return (events["items"] as JsonArray ?? []).Any(e =>
                e!["reason"]?.GetValue<string>() == "SyncLoadBalancerFailed"
                && e["involvedObject"]!["name"]!.GetValue<string>() == "https"
                && e["message"]!.GetValue<string>().Contains("port 443/TCP is already used by the ingress controller"));
        }, "the reserved port is refused");
        Assert.Empty(Ips(await client.GetAsync(Resource.Services, "default", "https", Ct)));
    }

    [Fact]
    public async Task ALoadBalancerClass_IsLeftToItsOwnController()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await client.CreateAsync(Resource.Nodes, null, Node("n1", internalIp: "192.0.2.11"), Ct);
        await using var manager = Start(server);
        var foreign = Service("foreign", 81);
        foreign["spec"]!["loadBalancerClass"] = "example.com/other";
        await client.CreateAsync(Resource.Services, "default", foreign, Ct);
        await client.CreateAsync(Resource.Services, "default", Service("ours", 82), Ct);

        await WaitForIngressAsync(client, "ours");

        var untouched = await client.GetAsync(Resource.Services, "default", "foreign", Ct);
        Assert.Empty(Ips(untouched));
        Assert.DoesNotContain(Finalizer, Finalizers(untouched));
    }

    private static ManagerHarness Start(TestApiServer server) =>
        new(server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.ServiceLb] });

    private static async Task<JsonObject> WaitForIngressAsync(IApiClient client, string name)
    {
        JsonObject service = null!;
        await Eventually.HoldsAsync(async () =>
        {
            service = await client.GetAsync(Resource.Services, "default", name, Ct);
            return Ips(service).Count > 0;
        }, $"{name} gets a load balancer address");
        return service;
    }

    private static List<string> Ips(JsonObject service) =>
        (service["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).Select(i => i!["ip"]!.GetValue<string>()).ToList();

    private static List<string> Finalizers(JsonObject service) =>
        (service["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => f!.GetValue<string>()).ToList();

    private static JsonObject Service(string name, int port) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["type"] = "LoadBalancer",
            ["selector"] = new JsonObject { ["app"] = name },
            ["ports"] = new JsonArray(new JsonObject { ["port"] = port, ["targetPort"] = 8080 }),
        },
    };

    private static JsonObject Node(string name, string internalIp, string? externalIp = null, bool excluded = false)
    {
        var addresses = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = internalIp });
        if (externalIp is not null) addresses.Add(new JsonObject { ["type"] = "ExternalIP", ["address"] = externalIp });
        var labels = new JsonObject { ["kubernetes.io/hostname"] = name };
        if (excluded) labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["status"] = new JsonObject { ["addresses"] = addresses },
        };
    }
}
