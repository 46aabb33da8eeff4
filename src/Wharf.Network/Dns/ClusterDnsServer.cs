using System.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Client.Rest;

namespace Wharf.Network.Dns;

/// <summary>
/// The node-local cluster DNS server: answers the cluster domain from service and EndpointSlice informers and forwards
/// other names to the resolv.conf upstreams, over UDP (truncating big answers) and TCP.
/// </summary>
public static class ClusterDnsServer
{
    /// <summary>Runs with its own informers until <paramref name="ct"/> fires, then returns.</summary>
    public static async Task RunAsync(ClusterDnsOptions options, IApiClient client, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var informers = new SharedInformerFactory(client, null, loggerFactory);
        try
        {
            await RunAsync(options, informers, loggerFactory, ct);
        }
        finally
        {
            await informers.ShutdownAsync();
        }
    }

    /// <summary>
    /// Runs on informers shared with the rest of the process (it starts the ones it creates) until
    /// <paramref name="ct"/> fires, then returns. Listening starts only after the caches synced, so a client never
    /// gets NXDOMAIN for a service that exists.
    /// </summary>
    public static async Task RunAsync(ClusterDnsOptions options, SharedInformerFactory informers, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var logger = loggerFactory.CreateLogger("Wharf.Network.Dns");
        var source = ClusterRecordSource.Create(informers);
        informers.Start(ct);
        try
        {
            await informers.WaitForCacheSyncAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }

        var upstreams = ResolvConf.ReadNameservers(options.ResolvConfPath);
        if (upstreams.Count == 0) logger.LogWarning("No nameserver in {Path}: names outside {Domain} will fail", options.ResolvConfPath, options.ClusterDomain);
        using var forwarder = new UpstreamForwarder(upstreams, options, TimeProvider.System, logger);
        var handler = new DnsQueryHandler(new ClusterZoneResolver(source, options.ClusterDomain, options.Ttl), forwarder, logger);

        var endpoint = new IPEndPoint(options.ListenAddress, options.Port);
        using var server = new DnsServer(new UdpServerTransport(endpoint, 5000), new TcpServerTransport(endpoint, 5000, 120_000));
        server.QueryReceived += async (_, e) =>
        {
            if (e.Query is DnsMessage query) e.Response = await handler.AnswerAsync(query, ct);
        };
        server.ExceptionThrown += (_, e) =>
        {
            logger.LogWarning(e.Exception, "DNS server error");
            return Task.CompletedTask;
        };
        server.Start();
        logger.LogInformation("Cluster DNS for {Domain} listening on {Endpoint} (udp, tcp), upstreams {Upstreams}", options.ClusterDomain, endpoint, string.Join(", ", upstreams));
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            server.Stop();
        }
    }
}
