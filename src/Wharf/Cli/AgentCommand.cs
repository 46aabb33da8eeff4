using System.CommandLine;
using Microsoft.Extensions.Logging;
using Wharf.Client.Rest;
using Wharf.Node;
using Wharf.Node.Agent;
using Wharf.Node.Agent.Memory;

namespace Wharf.Cli;

/// <summary>
/// <c>wharf agent --server URL --token T</c>: joins this machine to a cluster as a node. The CA comes from the server's
/// <c>/cacerts</c> and is checked against the hash in a full (K10…) token before anything else is trusted; the token
/// then buys the node its client certificate (system:node:NAME) and kubelet serving certificate (see <see cref="AgentJoin"/>).
/// </summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server", "-s") { Description = "URL of the server to join, e.g. https://10.0.0.1:6443", Required = true };
        var token = new Option<string>("--token", "-t") { Description = "The server's join token (DATA_DIR/token on the server)", Required = true };
        var nodeName = new Option<string>("--node-name") { Description = "Name of this node", DefaultValueFactory = _ => Environment.MachineName.ToLowerInvariant() };
        var dataDir = new Option<string>("--data-dir", "-d") { Description = "Folder for the agent's state (default /var/lib/wharf/agent)" };
        var clusterDns = new Option<string>("--cluster-dns") { Description = "Cluster IP of the DNS service", DefaultValueFactory = _ => "10.43.0.10" };
        var clusterCidr = new Option<string>("--cluster-cidr") { Description = "IPv4 range for pod IPs", DefaultValueFactory = _ => "10.42.0.0/16" };
        var serviceCidr = new Option<string>("--service-cidr") { Description = "IPv4 range for service cluster IPs", DefaultValueFactory = _ => "10.43.0.0/16" };
        var runtimeEndpoint = new Option<string>("--container-runtime-endpoint") { Description = "Use this CRI socket instead of starting containerd" };
        var nodeIp = new Option<string>("--node-ip") { Description = "IP address the node advertises (default: the address of the default route's interface)" };
        var kubeletPort = new Option<int>("--kubelet-port") { Description = "HTTPS port of the kubelet API", DefaultValueFactory = _ => 10250 };
        var registryConfig = new Option<string>("--registry-config") { Description = "registries.yaml (k3s format): mirrors, insecure registries, credentials" };
        var debug = new Option<bool>("--debug") { Description = "Verbose logging" };
        var command = new Command("agent", "Run a node agent that joins an existing server")
        {
            server, token, nodeName, dataDir, clusterDns, clusterCidr, serviceCidr, runtimeEndpoint, nodeIp, kubeletPort, registryConfig, debug,
        };
        var networkFlags = new NodeNetworkFlags();
        networkFlags.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            AgentGcMode.ApplyAgentSettings();
            AgentLoadTrace.Apply();
            var dynamicCode = AgentDynamicCode.Apply();
            using var loggers = AgentLogging.Create(parse.GetValue(debug));
            var log = loggers.CreateLogger("wharf.agent");
            log.LogInformation("Garbage collector: {Mode}; tiered PGO {Pgo}; dynamic code {DynamicCode}", System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
                Environment.GetEnvironmentVariable("DOTNET_TieredPGO") == "0" ? "off" : "on", dynamicCode ? "on" : "off");
            if (networkFlags.Read(parse) is not { } network) return 2;
            using var trimming = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var trimmer = AgentIdleTrim.Start(loggers, trimming.Token);
            var serverUrl = new Uri(parse.GetValue(server)!);
            var name = parse.GetValue(nodeName)!;
            var dataDirectory = parse.GetValue(dataDir) ?? "/var/lib/wharf/agent";
            // Each pass joins (reusing the certificates on disk while they fit) and runs the agent until stopped or
            // until a certificate is due for renewal; the next pass then renews it. Running pods are adopted across passes.
            while (!ct.IsCancellationRequested)
            {
                AgentJoin join;
                try
                {
                    join = await AgentJoin.JoinAsync(serverUrl, parse.GetValue(token)!, name, Path.Combine(dataDirectory, "agent"), log, ct);
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
                {
                    Console.Error.WriteLine($"error: cannot join {serverUrl}: {e.Message}");
                    return 1;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                using var joined = join;
                using var client = new ApiClient(new ClientConfig { Server = serverUrl, CertificateAuthority = join.Ca, ClientCertificate = join.ClientCertificate, UserAgent = "kubelet/v1.32.0+wharf" });
                var options = new NodeAgentOptions
                {
                    NodeName = name,
                    DataDirectory = dataDirectory,
                    ClusterDnsIp = parse.GetValue(clusterDns)!,
                    ClusterCidr = parse.GetValue(clusterCidr)!,
                    ServiceCidr = parse.GetValue(serviceCidr)!,
                    ContainerRuntimeEndpoint = parse.GetValue(runtimeEndpoint),
                    RegistryConfig = parse.GetValue(registryConfig),
                    NodeIp = parse.GetValue(nodeIp),
                    KubeletPort = parse.GetValue(kubeletPort),
                    // As the embedded agent: the kubelet API serves a cluster-CA certificate and accepts the API server's client certificate.
                    IssueServingCertificate = join.IssueServing,
                    KubeletClientCa = join.Ca,
                    NetworkServices = Node.NodeNetworkServices.Create(network, client, loggers),
                    PodMtu = Node.NodeNetworkServices.PodMtu(network, name, parse.GetValue(clusterCidr)!),
                };
                if (!await RunUntilRenewalAsync(options, client, join, loggers, log, ct))
                    break;
            }
            await trimming.CancelAsync();
            await trimmer;
            return 0;
        });
        return command;
    }

    /// <summary>Runs the agent until <paramref name="ct"/> stops it (false) or a certificate is due for renewal (true).</summary>
    private static async Task<bool> RunUntilRenewalAsync(NodeAgentOptions options, ApiClient client, AgentJoin join, ILoggerFactory loggers, ILogger log,
        CancellationToken ct)
    {
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var agent = NodeAgent.RunAsync(options, client, loggers, pass.Token);
        var renewalDue = join.WaitUntilRenewalDueAsync(TimeProvider.System, pass.Token);
        var renew = await Task.WhenAny(agent, renewalDue) == renewalDue && renewalDue.IsCompletedSuccessfully && !ct.IsCancellationRequested;
        if (renew)
            log.LogInformation("A node certificate is due for renewal; restarting the node agent with new certificates");
        await pass.CancelAsync();
        try
        {
            await agent;
        }
        catch (OperationCanceledException) when (pass.IsCancellationRequested)
        {
        }
        await renewalDue.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return renew;
    }
}
