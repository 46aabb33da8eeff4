using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using Wharf.ApiServer.Hosting;
using Wharf.Scheduler.Config;

namespace Wharf.Cli;

/// <summary><c>wharf server</c>: flags (k3s' names) → <see cref="ApiServerOptions"/> → run until SIGINT/SIGTERM.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir", "-d") { Description = "Folder for state: PKI, database (default /var/lib/wharf/server as root, else ~/.wharf/server)" };
        var port = new Option<int>("--https-listen-port") { Description = "HTTPS listen port of the API server", DefaultValueFactory = _ => 6443 };
        var bind = new Option<string>("--bind-address") { Description = "Address the API server listens on", DefaultValueFactory = _ => "0.0.0.0" };
        var kubeconfig = new Option<string>("--write-kubeconfig", "-o") { Description = "Write the admin kubeconfig here (default /etc/wharf/wharf.yaml as root, else DATA_DIR/wharf.yaml)" };
        var kubeconfigMode = new Option<string>("--write-kubeconfig-mode") { Description = "File mode of the kubeconfig, octal", DefaultValueFactory = _ => "0600" };
        var token = new Option<string>("--token", "-t") { Description = "Shared secret agents use to join the cluster" };
        var clusterCidr = new Option<string>("--cluster-cidr") { Description = "IPv4 range for pod IPs", DefaultValueFactory = _ => "10.42.0.0/16" };
        var serviceCidr = new Option<string>("--service-cidr") { Description = "IPv4 range for service cluster IPs", DefaultValueFactory = _ => "10.43.0.0/16" };
        var clusterDns = new Option<string>("--cluster-dns") { Description = "Cluster IP of the DNS service", DefaultValueFactory = _ => "10.43.0.10" };
        var nodeName = new Option<string>("--node-name") { Description = "Name of this node", DefaultValueFactory = _ => Environment.MachineName.ToLowerInvariant() };
        var disableAgent = new Option<bool>("--disable-agent") { Description = "Run the control plane only, without a local node agent" };
        var disableScheduler = new Option<bool>("--disable-scheduler") { Description = "Do not run the built-in scheduler" };
        var disableControllerManager = new Option<bool>("--disable-controller-manager") { Description = "Do not run the built-in controller manager" };
        var datastore = new Option<string>("--datastore-endpoint") { Description = "External datastore (etcd); empty = embedded SQLite" };
        var tlsSan = new Option<string[]>("--tls-san") { Description = "Extra host name or IP for the serving certificate", AllowMultipleArgumentsPerToken = false };
        var controllerManagerArgs = new Option<string[]>("--kube-controller-manager-arg")
        {
            Description = "A kube-controller-manager flag as NAME=VALUE (node-monitor-grace-period, node-monitor-period, node-startup-grace-period, terminated-pod-gc-threshold, controllers)",
        };
        var schedulerArgs = new Option<string[]>("--kube-scheduler-arg")
        {
            Description = "A kube-scheduler flag for the built-in scheduler as NAME=VALUE (feature-gates, e.g. feature-gates=OpportunisticBatching=false)",
        };
        var registryConfig = new Option<string>("--registry-config") { Description = "registries.yaml (k3s format) for the embedded agent: mirrors, insecure registries, credentials" };
        var debug = new Option<bool>("--debug") { Description = "Verbose logging" };
        var ingressHttpPort = new Option<int>("--ingress-http-port") { Description = "HTTP port of the built-in ingress controller (0: none)", DefaultValueFactory = _ => 80 };
        var ingressHttpsPort = new Option<int>("--ingress-https-port") { Description = "HTTPS port of the built-in ingress controller (0: none)", DefaultValueFactory = _ => 443 };
        var schedulerConfig = new Option<string>("--scheduler-config") { Description = "KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1) for the built-in scheduler" };

        var command = new Command("server", "Run the control plane: API server, store, and (unless --disable-agent) a node agent")
        {
            dataDir, port, bind, kubeconfig, kubeconfigMode, token, clusterCidr, serviceCidr, clusterDns, nodeName, disableAgent, disableScheduler, disableControllerManager, datastore, tlsSan, debug, schedulerConfig, ingressHttpPort, ingressHttpsPort, registryConfig, controllerManagerArgs, schedulerArgs,
        };
        var networkFlags = new NodeNetworkFlags();
        networkFlags.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            ControlPlaneTiering.Apply();
            var isRoot = Environment.UserName == "root";
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var dir = parse.GetValue(dataDir) ?? (isRoot ? "/var/lib/wharf/server" : Path.Combine(home, ".wharf", "server"));
            var kubeconfigPath = parse.GetValue(kubeconfig) ?? (isRoot ? "/etc/wharf/wharf.yaml" : Path.Combine(dir, "wharf.yaml"));
            if (!IPAddress.TryParse(parse.GetValue(bind), out var bindAddress))
            {
                Console.Error.WriteLine($"error: --bind-address {parse.GetValue(bind)} is not an IP address");
                return 2;
            }
            if (networkFlags.Read(parse) is not { } network) return 2;
            network = network with { IngressHttpPort = parse.GetValue(ingressHttpPort), IngressHttpsPort = parse.GetValue(ingressHttpsPort) };
            var settings = new Server.ServerSettings
            {
                SchedulerConfig = parse.GetValue(schedulerConfig),
                RegistryConfig = parse.GetValue(registryConfig),
                RunAgent = !parse.GetValue(disableAgent),
                RunScheduler = !parse.GetValue(disableScheduler),
                RunControllerManager = !parse.GetValue(disableControllerManager),
                Network = network,
                ControllerManagerArgs = parse.GetValue(controllerManagerArgs) ?? [],
            };
            try
            {
                Controllers.Manager.ControllerManagerArgs.Apply(new Controllers.Manager.ControllerManagerOptions(), settings.ControllerManagerArgs);
                settings = settings with { SchedulerFeatureGates = KubeSchedulerArgs.Apply(parse.GetValue(schedulerArgs) ?? []) };
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            catch (InvalidSchedulerConfigException e)
            {
                Console.Error.WriteLine($"error: {string.Join("; ", e.Errors)}");
                return 2;
            }
            var mode = (UnixFileMode)Convert.ToInt32(parse.GetValue(kubeconfigMode), 8);
            var secret = parse.GetValue(token) ?? JoinTokenFile.LoadOrCreateSecret(dir);
            var options = new ApiServerOptions
            {
                DataDirectory = dir,
                BindAddress = bindAddress,
                HttpsPort = parse.GetValue(port),
                Token = secret,
                ClusterCidr = parse.GetValue(clusterCidr)!,
                ServiceCidr = parse.GetValue(serviceCidr)!,
                ClusterDns = parse.GetValue(clusterDns)!,
                NodeName = parse.GetValue(nodeName)!,
                DatastoreEndpoint = parse.GetValue(datastore),
                TlsSans = parse.GetValue(tlsSan) ?? [],
            };
            var debugLogging = parse.GetValue(debug);
            using var loggerFactory = LoggerFactory.Create(b => Logging.Configure(b, debugLogging));
            var log = loggerFactory.CreateLogger("wharf.server");
            await using var plane = await Server.ControlPlane.StartAsync(options, settings, loggerFactory, b => Logging.Configure(b, debugLogging), ct);
            var host = plane.ApiServer;
            host.WriteKubeconfig(kubeconfigPath, mode);
            log.LogInformation("API server listening on {Url}; store revision {Revision}", host.Url, host.Store.Storage.CurrentRevision);
            log.LogInformation("wrote kubeconfig {Path}; use it with: export KUBECONFIG={Path}", kubeconfigPath, kubeconfigPath);
            var tokenPath = JoinTokenFile.Write(dir, host.Pki.Ca.ExportCertificatePem(), secret);
            log.LogInformation("agents join with: wharf agent --server {Url} --token $(cat {TokenPath})", host.Url, tokenPath);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                log.LogInformation("shutting down");
            }
            return 0;
        });
        return command;
    }
}
