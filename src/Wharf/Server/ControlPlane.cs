using Microsoft.Extensions.Logging;
using Wharf.ApiServer.Hosting;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Controllers.Manager;
using Wharf.Node.Agent;
using Wharf.Scheduler.Hosting;

namespace Wharf.Server;

/// <summary>
/// What <c>wharf server</c> runs, in k3s' order: the API server on the store, then — once it answers — the
/// components that talk to it over loopback like any other client: controller manager and scheduler (unless
/// --disable-controller-manager / --disable-scheduler), the node agent (unless --disable-agent), and the ingress
/// controller. Each component runs until the server stops; one that fails is restarted with backoff.
/// </summary>
internal sealed class ControlPlane : IAsyncDisposable
{
    private readonly ApiServerHost _apiServer;
    private readonly IReadOnlyList<ApiClient> _clients;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _components = [];

    private ControlPlane(ApiServerHost apiServer, IReadOnlyList<ApiClient> clients)
    {
        _apiServer = apiServer;
        _clients = clients;
    }

    public ApiServerHost ApiServer => _apiServer;

    public static async Task<ControlPlane> StartAsync(ApiServerOptions options, ServerSettings settings, ILoggerFactory loggerFactory,
        Action<ILoggingBuilder> configureLogging, CancellationToken ct)
    {
        var network = settings.Network;
        options = options with { LoopbackSocketPath = options.LoopbackSocketPath ?? LoopbackSocket(options.DataDirectory) };
        // WHARF_INPROCESS_SEATS: a measuring knob (how many in-process requests run at once), not a flag.
        if (int.TryParse(Environment.GetEnvironmentVariable("WHARF_INPROCESS_SEATS"), out var seats) && seats > 0)
            options = options with { InProcessSeats = seats };
        var apiServer = await ApiServerHost.StartAsync(options, configureLogging, ct);
        // One client per component, named as upstream's are: their writes show up in managedFields under these names.
        // They use the loopback socket (no TLS on either end, which a profile showed costing ~40 % of the server's CPU)
        // unless the data dir's path is too long for one; then HTTPS with the admin certificate. With
        // WHARF_LOOPBACK_TRANSPORT=memory their requests go straight into the server's pipeline instead (no socket or
        // HTTP/2 framing), at most InProcessSeats at once and the rest in arrival order: unbounded, the components
        // crowded out external clients; bounded, they are level with the socket but not yet better in pods/s or startup
        // (PERFORMANCE.md "Density (ninth session)"), so the socket stays the default.
        var inMemory = Environment.GetEnvironmentVariable("WHARF_LOOPBACK_TRANSPORT") == "memory";
        ApiClient ClientFor(string component) => (inMemory, apiServer.LoopbackSocketPath) switch
        {
            (true, _) => ApiClient.ForHandler(apiServer.CreateInProcessHandler, $"{component}/v1.32.0+wharf"),
            (false, { } socket) => ApiClient.ForLoopbackSocket(socket, $"{component}/v1.32.0+wharf"),
            _ => ApiClient.Create(apiServer.Url, apiServer.Pki.Ca, apiServer.Pki.Admin, $"{component}/v1.32.0+wharf"),
        };
        var client = ClientFor("kube-controller-manager");
        var schedulerClient = ClientFor("kube-scheduler");
        // The node agent stays on HTTPS with the admin certificate, as before: it is not part of the API server.
        var agentClient = ApiClient.Create(apiServer.Url, apiServer.Pki.Ca, apiServer.Pki.Admin, "kubelet/v1.32.0+wharf");
        var ingressClient = ClientFor(Network.Ingress.IngressController.Component);
        var plane = new ControlPlane(apiServer, [client, schedulerClient, agentClient, ingressClient]);
        var controllerOptions = Controllers.Manager.ControllerManagerArgs.Apply(new ControllerManagerOptions
        {
            RootCaPem = apiServer.Pki.Ca.ExportCertificatePem(),
            ClusterCidr = options.ClusterCidr,
        }, settings.ControllerManagerArgs);
        // --disable servicelb leaves LoadBalancer Services pending for another implementation, as in k3s.
        if (!network.Runs(Node.DisabledComponents.ServiceLb))
            controllerOptions = controllerOptions with { Controllers = [.. controllerOptions.Controllers, "-" + Controllers.ControllerNames.ServiceLb] };
        // The ingress controller's ports are the node's own: the built-in load balancer must not hand them out.
        var ingressPorts = IngressPorts(network);
        controllerOptions = controllerOptions with { CloudProvider = c => new Controllers.Cloud.Local.LocalCloudProvider(c, ingressPorts) };
        // In-process informers hold every object of their resources: like upstream's controller manager and
        // scheduler, keep them without managedFields.
        controllerOptions = controllerOptions with { Informers = controllerOptions.Informers with { Transform = InformerTransforms.StripManagedFields } };
        if (settings.RunControllerManager)
        {
            var controllers = new ControllerManager(client, controllerOptions, loggerFactory);
            plane.Supervise("controller-manager", controllers.RunAsync, loggerFactory.CreateLogger("wharf.controller-manager"));
        }
        if (settings.RunScheduler)
        {
            var scheduler = new SchedulerHost(schedulerClient, new SchedulerHostOptions
            {
                ConfigFile = settings.SchedulerConfig,
                OpportunisticBatching = settings.SchedulerFeatureGates.OpportunisticBatching,
                InformerOptions = InformerOptions.Default with { Transform = InformerTransforms.StripManagedFields },
            }, loggerFactory);
            plane.Supervise("scheduler", scheduler.RunAsync, loggerFactory.CreateLogger("wharf.scheduler"));
            apiServer.AddMetricsSource(scheduler.WriteMetrics);
        }
        if (network.Runs(Node.DisabledComponents.Ingress) && (network.IngressHttpPort > 0 || network.IngressHttpsPort > 0))
        {
            // One metrics object for the options, which survive a restart of the ingress, so its counters do too.
            var ingressMetrics = new Network.Ingress.Metrics.IngressMetrics();
            apiServer.AddMetricsSource(ingressMetrics.WriteTo);
            var ingress = new Network.Ingress.IngressOptions
            {
                HttpPort = network.IngressHttpPort,
                HttpsPort = network.IngressHttpsPort,
                StatusAddresses = [Wharf.Node.Host.HostAddresses.DefaultIPv4()],
                Metrics = ingressMetrics,
            };
            plane.Supervise("ingress", token => RunIngressAsync(ingress, ingressClient, loggerFactory, token), loggerFactory.CreateLogger("wharf.ingress"));
        }
        if (settings.RunAgent)
        {
            // The embedded node agent, as k3s runs one in every server unless --disable-agent.
            var agentOptions = new NodeAgentOptions
            {
                NodeName = options.NodeName,
                DataDirectory = options.DataDirectory,
                ClusterDnsIp = options.ClusterDns,
                ClusterCidr = options.ClusterCidr,
                ServiceCidr = options.ServiceCidr,
                Server = true,
                RegistryConfig = settings.RegistryConfig,
                IssueServingCertificate = apiServer.Pki.IssueNodeServing,
                KubeletClientCa = apiServer.Pki.Ca,
                NetworkServices = Node.NodeNetworkServices.Create(network, agentClient, loggerFactory),
                PodMtu = Node.NodeNetworkServices.PodMtu(network, options.NodeName, options.ClusterCidr),
            };
            plane.Supervise("agent", token => NodeAgent.RunAsync(agentOptions, agentClient, loggerFactory, token), loggerFactory.CreateLogger("wharf.agent"));
        }
        return plane;
    }

    /// <summary>
    /// DATA/apiserver.sock, or null when that path does not fit a sockaddr_un (108 bytes with its terminating NUL).
    /// </summary>
    internal static string? LoopbackSocket(string dataDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(dataDirectory), "apiserver.sock");
        return System.Text.Encoding.UTF8.GetByteCount(path) < 108 ? path : null;
    }

    private static Dictionary<int, string> IngressPorts(Node.NodeNetworkSettings network)
    {
        var ports = new Dictionary<int, string>();
        if (!network.Runs(Node.DisabledComponents.Ingress)) return ports;
        foreach (var port in new[] { network.IngressHttpPort, network.IngressHttpsPort }.Where(p => p > 0))
            ports[port] = "the ingress controller";
        return ports;
    }

    private static async Task RunIngressAsync(Network.Ingress.IngressOptions options, ApiClient client, ILoggerFactory loggers, CancellationToken ct)
    {
        var informers = new Client.Cache.SharedInformerFactory(client, null, loggers);
        try
        {
            await Network.Ingress.IngressController.RunAsync(options, client, informers, loggers, ct);
        }
        finally
        {
            await informers.ShutdownAsync();
        }
    }

    private void Supervise(string name, Func<CancellationToken, Task> run, ILogger logger)
    {
        _components.Add(Task.Run(async () =>
        {
            var delay = TimeSpan.FromSeconds(1);
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    await run(_stopping.Token);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    logger.LogError(e, "{Component} failed; restarting in {Delay}", name, delay);
                }
                await Task.Delay(delay, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_components).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var client in _clients) client.Dispose();
        await _apiServer.DisposeAsync();
        _stopping.Dispose();
    }
}
