using Wharf.Network.Proxy;

namespace Wharf.Network.Tests.Proxy;

/// <summary>Syncer behaviour beyond one service: keys two services want, pending work.</summary>
public sealed class ProxySyncerTests
{
    [RootFact]
    public async Task SharedExternalAddressGoesToOneServiceUntilItIsReleased()
    {
        var source = new FakeServiceSource();
        source.Set(ServiceBuilder.Make("a", "10.43.0.5").Port(80).ExternalIps("192.0.2.9").Obj(), SliceBuilder.For("a").Port(8080).Endpoint("10.42.0.2").Obj());
        source.Set(ServiceBuilder.Make("b", "10.43.0.6").Port(80).ExternalIps("192.0.2.9").Obj(), SliceBuilder.For("b").Port(8080).Endpoint("10.42.0.3").Obj());
        using var ns = NetworkNamespace.Create("claim");
        var syncer = NftScriptTests.Syncer(source, ns);
        var fullSyncs = ProxyMetrics.SyncDuration.WithLabels("full").Count;

        await syncer.SyncAsync(CancellationToken.None);
        Assert.True(ProxyMetrics.SyncDuration.WithLabels("full").Count > fullSyncs);
        Assert.Contains("192.0.2.9 . tcp . 80 : goto ext-default/a/tcp/80", ServiceIps(ns));

        source.Remove("default/a");
        syncer.MarkChanged("default/a");
        await syncer.SyncAsync(CancellationToken.None);
        Assert.True(syncer.HasPending); // b waits for the key a freed
        await syncer.SyncAsync(CancellationToken.None);

        Assert.Contains("192.0.2.9 . tcp . 80 : goto ext-default/b/tcp/80", ServiceIps(ns));
        Assert.False(syncer.HasPending);
    }

    private static string ServiceIps(NetworkNamespace ns) => ns.Run("nft", "list", "map", "ip", NftScriptTests.Options(ns).TableName, "service-ips");
}
