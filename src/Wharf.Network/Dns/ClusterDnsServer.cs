using System.Diagnostics;
using System.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;
using Prometheus;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Network.Telemetry;

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
        var state = new ClusterStateVersion(TimeProvider.System);
        state.Track(informers.ForResource(Resource.Services));
        state.Track(informers.ForResource(Resource.EndpointSlices));
        informers.Start(ct);
        try
        {
            await informers.WaitForCacheSyncAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }

        var endpoint = new IPEndPoint(options.ListenAddress, options.Port);
        var registry = Metrics.NewCustomRegistry();
        var metrics = new DnsMetrics(registry, $"dns://{endpoint}");
        using var metricsServer = options.MetricsPort == 0
            ? null
            : PrometheusTextServer.TryStart(new IPEndPoint(options.MetricsAddress, options.MetricsPort), registry, logger, "DNS");
        var upstreams = ResolvConf.ReadNameservers(options.ResolvConfPath);
        if (upstreams.Count == 0) logger.LogWarning("No nameserver in {Path}: names outside {Domain} will fail", options.ResolvConfPath, options.ClusterDomain);
        using var forwarder = new UpstreamForwarder(upstreams, options, TimeProvider.System, metrics, logger);
        var handler = new DnsQueryHandler(new ClusterZoneResolver(source, options.ClusterDomain, options.Ttl, state), forwarder, logger);

        var cache = new EncodedAnswerCache(options.CacheCapacity);
        var policy = new AnswerCachePolicy(cache, state, metrics, TimeProvider.System, options.MaxCacheTtl);
        var udp = new UdpQueryListener(endpoint, options.UdpReceivers, cache, policy, state, metrics, TimeProvider.System, logger);
        using var server = new DnsServer(udp, new TcpServerTransport(endpoint, 5000, 120_000));
        server.QueryReceived += async (_, e) =>
        {
            if (e.Query is not DnsMessage query) return;
            var received = Stopwatch.GetTimestamp();
            var response = await handler.AnswerAsync(query, ct);
            e.Response = response;
            var type = query.Questions.Count > 0 ? (ushort)query.Questions[0].RecordType : (ushort)0;
            metrics.Answered(e.TransportProtocol == TransportProtocol.Tcp ? "tcp" : "udp", type, response.ReturnCode, received);
        };
        server.ExceptionThrown += (_, e) =>
        {
            logger.LogDebug(e.Exception, "DNS server error");
            return Task.CompletedTask;
        };
        server.Start();
        logger.LogInformation("Cluster DNS for {Domain} listening on {Endpoint} (udp x{Receivers}, tcp), upstreams {Upstreams}, metrics on {MetricsPort}",
            options.ClusterDomain, endpoint, options.UdpReceivers, string.Join(", ", upstreams), options.MetricsPort);
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
