using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Rest;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.Metrics;
using Wharf.Network.Ingress.Proxy;
using Wharf.Network.Ingress.Routing;
using Wharf.Network.Ingress.Sync;
using Wharf.Network.Ingress.Tls;

namespace Wharf.Network.Ingress;

/// <summary>
/// The built-in ingress controller: Kestrel and YARP's forwarder in process, routes from the Ingresses of the
/// <c>wharf</c> class (installed as default when absent) straight to ready pod endpoints, TLS from Secrets.
/// </summary>
public static class IngressController
{
    public const string Component = "wharf-ingress-controller";

    /// <summary>
    /// Runs on informers shared with the rest of the process (it starts the ones it creates) until
    /// <paramref name="ct"/> fires, then stops listening after a short grace for requests in flight. Listening
    /// starts once the caches synced, so no request sees a 404 for an Ingress that exists. API and bind failures
    /// are logged and retried; this method does not throw for them.
    /// </summary>
    public static async Task RunAsync(IngressOptions options, IApiClient client, SharedInformerFactory informers, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Wharf.Network.Ingress");
        var ingresses = informers.ForResource(IngressResources.Ingresses);
        var classes = informers.ForResource(IngressResources.IngressClasses);
        var secrets = informers.ForResource(Resource.Secrets);
        var resolver = BackendResolver.Create(informers);
        await using var recorder = new EventRecorder(client, Component, logger: logger);
        var state = new IngressState(new IngressConfig(RouteTable.Empty, TlsTable.Empty(FallbackCertificate.Create())));
        var loop = new IngressSyncLoop(
            options,
            state,
            resolver,
            ingresses.Store,
            classes.Store,
            new TlsSecretReader(secrets.Store),
            new IngressStatusWriter(client, options.StatusAddresses, logger),
            new IngressProblemReporter(recorder),
            logger);
        foreach (var informer in new[] { ingresses, classes, secrets, informers.ForResource(Resource.Services) })
            informer.AddEventHandler(loop.Trigger);

        using var metricsServer = new IngressMetricsServer(options, logger);
        var install = IngressClassInstaller.EnsureAsync(client, options, logger, ct);
        informers.Start(ct);
        try
        {
            await informers.WaitForCacheSyncAsync(ct);
            PublishFirstConfig(loop, logger);
            var sync = loop.RunAsync(ct);
            loop.Signal();
            await ServeAsync(options, state, resolver, loggers, logger, ct);
            await sync;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await install;
    }

    /// <summary>Routes are in place before the first connection; should this fail, the loop retries it.</summary>
    private static void PublishFirstConfig(IngressSyncLoop loop, ILogger logger)
    {
        try
        {
            loop.Rebuild();
        }
        catch (Exception e)
        {
            Log.SyncFailed(logger, e, TimeSpan.Zero);
        }
    }

    /// <summary>Listens until <paramref name="ct"/> fires, retrying with backoff while the ports cannot be bound.</summary>
    private static async Task ServeAsync(IngressOptions options, IngressState state, BackendResolver resolver, ILoggerFactory loggers, ILogger logger, CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            WebApplication? app = null;
            try
            {
                app = IngressServer.Build(options, state, resolver, loggers);
                await app.StartAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Typically a port in use; whoever holds it may let go, and the host must keep running meanwhile.
                Log.ListenFailed(logger, e, delay);
                if (app is not null) await app.DisposeAsync();
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, delay.Ticks * 2));
                continue;
            }
            await using (app)
            {
                Log.Listening(logger, string.Join(", ", app.Urls));
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                }
                using var grace = new CancellationTokenSource(options.ShutdownGrace);
                await app.StopAsync(grace.Token);
                return;
            }
        }
    }
}
