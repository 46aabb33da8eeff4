using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Network.Proxy.Health;
using Wharf.Network.Proxy.Model;
using Wharf.Network.Proxy.Nft;
using Wharf.Network.Telemetry;

namespace Wharf.Network.Proxy;

/// <summary>
/// The node's service proxy: watches Services, EndpointSlices and its Node and programs one nftables table of its own
/// (family ip) the way upstream's nftables kube-proxy does.
/// </summary>
public static class ServiceProxy
{
    private const string RouteLocalnet = "net.ipv4.conf.all.route_localnet=1";

    /// <summary>
    /// Runs on informers shared with the rest of the process (starting the ones it creates) until <paramref name="ct"/>
    /// fires. The first sync rewrites the table whole; on stop the rules stay, as kube-proxy leaves them, so traffic keeps
    /// flowing through an agent restart. Failures are logged and retried, never thrown.
    /// </summary>
    public static async Task RunAsync(ServiceProxyOptions options, SharedInformerFactory informers, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Wharf.Network.Proxy");
        logger.ProxyStarting(options.TableName, options.NodeName);
        var runner = new CommandRunner(options.CommandPrefix);
        if (options.EnableLocalhostNodePorts)
        {
            try
            {
                await runner.SysctlAsync(RouteLocalnet, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.SysctlFailed(RouteLocalnet, e);
            }
        }

        await using var health = new HealthCheckServer(options.HealthCheckBindAddress, logger);
        using var metrics = options.MetricsBindAddress is { } metricsBind
            ? PrometheusTextServer.TryStart(metricsBind, Prometheus.Metrics.DefaultRegistry, logger, "Proxy")
            : null;
        ProxySyncer? syncer = null;
        ProxyLoop? loop = null;
        var source = InformerServiceSource.Create(informers, options.NodeName,
            key =>
            {
                syncer?.MarkChanged(key);
                loop?.Trigger();
            },
            () => loop?.Trigger());
        syncer = new ProxySyncer(options, source, runner, health, logger);
        loop = new ProxyLoop(syncer, options, TimeProvider.System, logger);
        try
        {
            informers.Start(ct);
            await informers.WaitForCacheSyncAsync(ct);
            loop.Trigger();
            await loop.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        logger.ProxyStopped();
    }

    /// <summary>Deletes the proxy's table (uninstall, tests); succeeds when there is none.</summary>
    public static Task CleanupAsync(ServiceProxyOptions options, CancellationToken ct = default) =>
        new CommandRunner(options.CommandPrefix).ApplyAsync(NftScript.Delete(options.TableName), checkOnly: false, ct);
}
