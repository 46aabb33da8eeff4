using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Wharf.ApiServer.Authentication;
using Wharf.Client.Rest;
using Wharf.Node.Agent;

namespace Wharf.Cli;

/// <summary>
/// <c>wharf agent --server URL --token T</c>: joins this machine to a cluster as a node. The CA comes from the server's
/// <c>/cacerts</c> and is checked against the hash in a full (K10…) token before anything else is trusted.
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
        var registryConfig = new Option<string>("--registry-config") { Description = "registries.yaml (k3s format): mirrors, insecure registries, credentials" };
        var debug = new Option<bool>("--debug") { Description = "Verbose logging" };
        var command = new Command("agent", "Run a node agent that joins an existing server")
        {
            server, token, nodeName, dataDir, clusterDns, clusterCidr, serviceCidr, runtimeEndpoint, registryConfig, debug,
        };
        var networkFlags = new NodeNetworkFlags();
        networkFlags.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var loggers = LoggerFactory.Create(b => Logging.Configure(b, parse.GetValue(debug)));
            var log = loggers.CreateLogger("wharf.agent");
            if (networkFlags.Read(parse) is not { } network) return 2;
            var serverUrl = new Uri(parse.GetValue(server)!);
            var joinToken = parse.GetValue(token)!;
            X509Certificate2 ca;
            try
            {
                ca = await FetchTrustedCaAsync(serverUrl, JoinToken.Parse(joinToken), log, ct);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: cannot join {serverUrl}: {e.Message}");
                return 1;
            }
            using var client = new ApiClient(new ClientConfig { Server = serverUrl, CertificateAuthority = ca, BearerToken = joinToken, UserAgent = "wharf-agent" });
            var options = new NodeAgentOptions
            {
                NodeName = parse.GetValue(nodeName)!,
                DataDirectory = parse.GetValue(dataDir) ?? "/var/lib/wharf/agent",
                ClusterDnsIp = parse.GetValue(clusterDns)!,
                ClusterCidr = parse.GetValue(clusterCidr)!,
                ServiceCidr = parse.GetValue(serviceCidr)!,
                ContainerRuntimeEndpoint = parse.GetValue(runtimeEndpoint),
                RegistryConfig = parse.GetValue(registryConfig),
                NetworkServices = Node.NodeNetworkServices.Create(network, client, loggers),
                PodMtu = Node.NodeNetworkServices.PodMtu(network, parse.GetValue(nodeName)!, parse.GetValue(clusterCidr)!),
            };
            try
            {
                await NodeAgent.RunAsync(options, client, loggers, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            return 0;
        });
        return command;
    }

    private static async Task<X509Certificate2> FetchTrustedCaAsync(Uri server, JoinToken token, ILogger log, CancellationToken ct)
    {
        // The CA is not known yet, so this one request cannot verify the server; the token's hash verifies the answer.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler);
        var pem = await http.GetStringAsync(new Uri(server, "/cacerts"), ct);
        if (token.CaHash is null)
            log.LogWarning("the join token has no CA hash (K10… form); trusting the CA the server presented");
        else if (!string.Equals(JoinToken.CaHashOf(pem), token.CaHash, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("the server's CA does not match the hash in the join token");
        return X509Certificate2.CreateFromPem(pem);
    }
}
