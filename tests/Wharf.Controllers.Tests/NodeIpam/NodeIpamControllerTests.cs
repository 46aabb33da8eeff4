using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.NodeIpam;
using Wharf.Controllers.Tests.CronJob;
using static Wharf.Controllers.Tests.NodeLifecycle.NodeObjects;

namespace Wharf.Controllers.Tests.NodeIpam;

public sealed class NodeIpamControllerTests
{
    /// <summary>
    /// Two nodes joining together: the second is synced before the cache has seen the patch that gave the first its
    /// subnet. The informers are stopped after the initial list so that the cache stays behind on purpose.
    /// </summary>
    [Fact]
    public async Task NodesSyncedBeforeTheCacheSeesEarlierAssignments_GetDistinctSubnets()
    {
        await using var server = await TestApiServer.StartAsync();
        var client = server.NewClient();
        await client.CreateAsync(Resource.Nodes, null, Node("a"), CancellationToken.None);
        await client.CreateAsync(Resource.Nodes, null, Node("b"), CancellationToken.None);
        var time = new ShiftedTime();
        var informers = new SharedInformerFactory(client);
        var controller = new NodeIpamController(new ControllerContext(client, informers,
            new EventRecorder(client, "test", time: time), NullLoggerFactory.Instance, time), "10.42.0.0/16");
        using (var listOnly = new CancellationTokenSource())
        {
            informers.Start(listOnly.Token);
            await informers.WaitForCacheSyncAsync(CancellationToken.None);
            listOnly.Cancel();
        }

        await controller.SyncAsync("a", CancellationToken.None);
        await controller.SyncAsync("b", CancellationToken.None);
        var assigned = await client.GetAsync(Resource.Nodes, null, "a", CancellationToken.None);
        await controller.SyncAsync("a", CancellationToken.None); // a stale event of a: no second write

        var a = await client.GetAsync(Resource.Nodes, null, "a", CancellationToken.None);
        var b = await client.GetAsync(Resource.Nodes, null, "b", CancellationToken.None);
        Assert.Equal("10.42.0.0/24", a["spec"]!["podCIDR"]!.GetValue<string>());
        Assert.Equal("10.42.1.0/24", b["spec"]!["podCIDR"]!.GetValue<string>());
        Assert.Equal(assigned["metadata"]!["resourceVersion"]!.ToString(), a["metadata"]!["resourceVersion"]!.ToString());
    }

    /// <summary>A Node's subnet is free again once the Node is gone; a range with nothing free says so and retries.</summary>
    [Fact]
    public async Task DeletedNodesSubnet_GoesToTheNextNode_AndAnExhaustedRangeFailsTheSync()
    {
        await using var server = await TestApiServer.StartAsync();
        var client = server.NewClient();
        var time = new ShiftedTime();
        var informers = new SharedInformerFactory(client);
        var nodes = informers.ForResource(Resource.Nodes);
        var controller = new NodeIpamController(new ControllerContext(client, informers,
            new EventRecorder(client, "test", time: time), NullLoggerFactory.Instance, time), "10.42.0.0/23");
        using var stop = new CancellationTokenSource();
        informers.Start(stop.Token);
        await informers.WaitForCacheSyncAsync(CancellationToken.None);

        async Task<string?> JoinAsync(string name)
        {
            await client.CreateAsync(Resource.Nodes, null, Node(name), CancellationToken.None);
            await Eventually.HoldsAsync(() => nodes.Store.Get(name) is not null, $"the cache has node {name}");
            await controller.SyncAsync(name, CancellationToken.None);
            await Eventually.HoldsAsync(() => nodes.Store.Get(name)?["spec"]?["podCIDR"] is not null, $"the cache has node {name}'s subnet");
            return nodes.Store.Get(name)!["spec"]!["podCIDR"]!.GetValue<string>();
        }

        Assert.Equal("10.42.0.0/24", await JoinAsync("a"));
        Assert.Equal("10.42.1.0/24", await JoinAsync("b"));
        await client.CreateAsync(Resource.Nodes, null, Node("c"), CancellationToken.None);
        await Eventually.HoldsAsync(() => nodes.Store.Get("c") is not null, "the cache has node c");
        await Assert.ThrowsAsync<InvalidOperationException>(() => controller.SyncAsync("c", CancellationToken.None));

        await client.DeleteAsync(Resource.Nodes, null, "a", null, CancellationToken.None);
        await Eventually.HoldsAsync(() => nodes.Store.Get("a") is null, "the cache saw node a go");
        Assert.Equal("10.42.0.0/24", await JoinAsync("d"));
        stop.Cancel();
    }
}
