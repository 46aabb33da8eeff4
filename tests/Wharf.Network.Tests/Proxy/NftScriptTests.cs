using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Network.Proxy;
using Wharf.Network.Proxy.Nft;
using Wharf.Network.Proxy.Rules;

namespace Wharf.Network.Tests.Proxy;

/// <summary>The generated batches against the real nft: syntax (check mode) and incremental syncs (applied in a scratch namespace).</summary>
public sealed class NftScriptTests
{
    private const string Table = "wharf-proxy-test";

    [RootTheory]
    [InlineData("mixed features", 0)]
    [InlineData("1,000 services", 1000)]
    public async Task FullRulesetPassesNftCheck(string _, int many)
    {
        var source = new FakeServiceSource();
        if (many > 0) SampleCluster.Many(source, many);
        else SampleCluster.Mixed(source);
        var builder = new RulesetBuilder("node-a", IPNetwork.Parse("10.42.0.0/16"));
        var script = NftScript.Full(Table, new BaseTable(IPNetwork.Parse("10.43.0.0/16"), [IPAddress.Loopback, IPAddress.Parse("192.0.2.100")]),
            source.ServiceKeys().Select(source.Read).OfType<Wharf.Network.Proxy.Model.ProxyService>().Select(builder.Build));

        using var ns = NetworkNamespace.Create("chk");
        await new CommandRunner(ns.Prefix).ApplyAsync(script, checkOnly: true, CancellationToken.None);
        Assert.Contains("numgen random mod 2 == 0 goto", script);
    }

    [RootFact]
    public async Task IncrementalSyncsEndInTheSameTableAsAFullOne()
    {
        var source = new FakeServiceSource();
        SampleCluster.Mixed(source);
        source.Node.Add(IPAddress.Parse("192.0.2.100"));
        using var incremental = NetworkNamespace.Create("inc");
        var syncer = Syncer(source, incremental);
        await syncer.SyncAsync(CancellationToken.None);

        // Every kind of change: endpoints added and removed, affinity on/off and retimed, ports, deletes, adds, node IPs.
        Change(source, syncer, ServiceBuilder.Make("web", "10.43.0.5").Port(80, "http").Affinity(60),
            SliceBuilder.For("web").Port(8080, "http").Endpoint("10.42.0.3").Endpoint("10.42.0.6"));
        Change(source, syncer, ServiceBuilder.Make("sticky", "10.43.0.6").Port(80).Affinity(90),
            SliceBuilder.For("sticky").Port(8080).Endpoint("10.42.0.2").Endpoint("10.42.0.3"));
        Change(source, syncer, ServiceBuilder.Make("np", "10.43.0.7").Port(80, nodePort: 30090).Type("NodePort"));
        Change(source, syncer, ServiceBuilder.Make("empty", "10.43.0.11").Port(80, nodePort: 30082).Type("NodePort"),
            SliceBuilder.For("empty").Port(80).Endpoint("10.42.0.7"));
        Change(source, syncer, ServiceBuilder.Make("new", "10.43.0.20").Port(80).ExternalIps("192.0.2.3"),
            SliceBuilder.For("new").Port(80).Endpoint("10.42.0.8"));
        source.Remove("default/ext");
        syncer.MarkChanged("default/ext");
        source.Node.Add(IPAddress.Parse("192.0.2.101"));
        await syncer.SyncAsync(CancellationToken.None);
        Change(source, syncer, ServiceBuilder.Make("sticky", "10.43.0.6").Port(80),
            SliceBuilder.For("sticky").Port(8080).Endpoint("10.42.0.2"));
        await syncer.SyncAsync(CancellationToken.None);

        using var full = NetworkNamespace.Create("full");
        await Syncer(source, full).SyncAsync(CancellationToken.None);
        Assert.Equal(TableDump.Read(full, Table), TableDump.Read(incremental, Table));
    }

    [RootFact]
    public async Task FirstSyncReplacesWhateverAPreviousRunLeft()
    {
        var source = new FakeServiceSource();
        SampleCluster.Mixed(source);
        using var ns = NetworkNamespace.Create("stale");
        await Syncer(source, ns).SyncAsync(CancellationToken.None);
        var expected = TableDump.Read(ns, Table);
        ns.Run("nft", "add", "chain", "ip", Table, "svc-default/gone/tcp/80");
        ns.Run("nft", "add", "element", "ip", Table, "service-ips", "{ 10.43.9.9 . tcp . 80 : goto svc-default/gone/tcp/80 }");

        await Syncer(source, ns).SyncAsync(CancellationToken.None);

        Assert.Equal(expected, TableDump.Read(ns, Table));
    }

    [RootFact]
    public async Task FailedBatchIsRetriedAsAFullResync()
    {
        var source = new FakeServiceSource();
        SampleCluster.Mixed(source);
        using var ns = NetworkNamespace.Create("fail");
        var syncer = Syncer(source, ns);
        await syncer.SyncAsync(CancellationToken.None);
        // Someone deleted map elements behind the proxy's back: the next partial batch, which deletes them, fails.
        ns.Run("nft", "delete", "element", "ip", Table, "service-ips", "{ 10.43.0.5 . tcp . 80 }");
        ns.Run("nft", "delete", "element", "ip", Table, "service-ips", "{ 10.43.0.5 . tcp . 443 }");
        Change(source, syncer, ServiceBuilder.Make("web", "10.43.0.5").Port(80, "http"), SliceBuilder.For("web").Port(8080, "http").Endpoint("10.42.0.9"));

        await Assert.ThrowsAsync<CommandFailedException>(() => syncer.SyncAsync(CancellationToken.None));
        await syncer.SyncAsync(CancellationToken.None);

        Assert.Contains(TableDump.Read(ns, Table), line => line.Contains("10.42.0.9") && line.Contains("dnat"));
        Assert.Contains("10.43.0.5 . tcp . 80 : goto svc-default/web/tcp/80", ns.Run("nft", "list", "map", "ip", Table, "service-ips"));
    }

    private static void Change(FakeServiceSource source, ProxySyncer syncer, ServiceBuilder service, params SliceBuilder[] slices) =>
        syncer.MarkChanged(source.Set(service.Obj(), slices.Select(s => s.Obj()).ToArray()));

    internal static ProxySyncer Syncer(FakeServiceSource source, NetworkNamespace ns) =>
        new(Options(ns), source, new CommandRunner(ns.Prefix), null, NullLogger.Instance);

    internal static ServiceProxyOptions Options(NetworkNamespace ns) => new()
    {
        NodeName = "node-a",
        TableName = Table,
        CommandPrefix = ns.Prefix,
    };
}
