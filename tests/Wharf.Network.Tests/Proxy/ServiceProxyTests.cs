using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.ApiServer.Hosting;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Network.Proxy;
using Xunit.Abstractions;

namespace Wharf.Network.Tests.Proxy;

/// <summary>The whole proxy against an in-process API server, programming a scratch namespace.</summary>
public sealed class ServiceProxyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [RootFact]
    public async Task FollowsServicesAndSlicesAndLeavesRulesOnStop()
    {
        var dataDir = Directory.CreateTempSubdirectory("wharf-proxy-test-").FullName;
        using var ns = NetworkNamespace.Create("e2e");
        await using var host = await ApiServerHost.StartAsync(new ApiServerOptions { DataDirectory = dataDir, BindAddress = IPAddress.Loopback, HttpsPort = 0 }, _ => { }, CancellationToken.None);
        var client = ApiClient.Create(host.Url, host.Pki.Ca, host.Pki.Admin);
        var options = NftScriptTests.Options(ns) with { HealthCheckBindAddress = IPAddress.Loopback, MinSyncInterval = TimeSpan.FromMilliseconds(10) };
        using var stop = new CancellationTokenSource();
        var informers = new SharedInformerFactory(client);
        var proxy = ServiceProxy.RunAsync(options, informers, NullLoggerFactory.Instance, stop.Token);
        try
        {
            var created = await client.CreateAsync(Resource.Services, "default", ServiceBuilder.Make("web", "").Port(80, "http").Obj(), CancellationToken.None);
            var clusterIp = created["spec"]!["clusterIP"]!.GetValue<string>();
            await WaitForAsync(ns, "no-endpoint-services", $"{clusterIp} . tcp . 80");

            var sliceSeen = Stopwatch.StartNew();
            await client.CreateAsync(Resource.EndpointSlices, "default", SliceBuilder.For("web").Port(8080, "http").Endpoint("10.42.0.2").Obj(), CancellationToken.None);
            await WaitForAsync(ns, "service-ips", $"{clusterIp} . tcp . 80 : goto svc-default/web/tcp/80");
            output.WriteLine($"EndpointSlice create to rules in the kernel: {sliceSeen.Elapsed.TotalMilliseconds:F0} ms");
            Assert.True(sliceSeen.Elapsed < TimeSpan.FromSeconds(2), $"slice reached nft after {sliceSeen.Elapsed}");
            Assert.Equal("1", ns.Run("sysctl", "-n", "net.ipv4.conf.all.route_localnet").Trim());
        }
        finally
        {
            stop.Cancel();
            await proxy;
            await informers.ShutdownAsync();
            Directory.Delete(dataDir, recursive: true);
        }

        Assert.Contains("svc-default/web/tcp/80", ns.Run("nft", "list", "table", "ip", options.TableName));
        await ServiceProxy.CleanupAsync(options);
        Assert.NotEqual(0, ns.TryRun("nft", "list", "table", "ip", options.TableName).ExitCode);
    }

    private static async Task WaitForAsync(NetworkNamespace ns, string map, string element)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var (code, output, _) = ns.TryRun("nft", "list", "map", "ip", NftScriptTests.Options(ns).TableName, map);
            if (code == 0 && output.Contains(element)) return;
            if (deadline.Elapsed > Patience) throw new TimeoutException($"{element} never appeared in {map}: {output}");
            await Task.Delay(20);
        }
    }
}
