using System.Net;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Hosting;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Node.Agent;
using Wharf.Node.Agent.Network;
using Wharf.Node.Cni;
using Wharf.Node.Containerd;
using Wharf.Node.Cri;
using Wharf.Node.Host;
using Wharf.Node.Runtime;
using Wharf.Node.Tests.Support;

namespace Wharf.Node.Tests.Agent;

/// <summary>
/// An in-process API server and a real node agent with its own containerd, test-only CIDRs, bridge and cgroup root.
/// A stand-in for the node IPAM controller gives the Node its pod CIDR. Dispose deletes the pods through the agent,
/// stops it, and then removes whatever is left (shims, mounts, netns, bridge, routes, cgroups, data dir).
/// </summary>
public sealed class AgentFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _netnsBefore = NetnsNames();
    private Task? _agent;

    public AgentFixture()
    {
        var tag = $"{Environment.ProcessId % 10000}";
        var octet = Environment.ProcessId % 200 + 20;
        DataDir = Directory.CreateTempSubdirectory("wharf-agent-").FullName;
        PodCidr = $"10.199.{octet}.0/25";
        Options = new NodeAgentOptions
        {
            NodeName = "wharf-test-" + tag,
            DataDirectory = DataDir,
            ImagesDirectory = TestImages.Directory,
            ClusterCidr = $"10.199.{octet}.0/24",
            ServiceCidr = $"10.198.{octet}.0/24",
            ClusterDnsIp = $"10.198.{octet}.10",
            BridgeName = "wa" + tag,
            CniNetworkName = "wharf-agent-test-" + tag,
            CgroupRoot = "/wharf-agent-test-" + tag,
            NodeIp = "127.0.0.1",
            Server = true,
            LeaseRenewInterval = TimeSpan.FromSeconds(1),
            NodeStatusUpdateFrequency = TimeSpan.FromSeconds(1),
            PodResyncInterval = TimeSpan.FromMilliseconds(500),
            BackoffInitial = TimeSpan.FromSeconds(3),
        };
    }

    public string DataDir { get; }

    public string PodCidr { get; }

    /// <summary>The agent's log; kept beside the test output (outside the data dir, which is removed).</summary>
    public string LogPath { get; } = Path.Combine(Path.GetTempPath(), $"wharf-agent-test-{Environment.ProcessId}.log");

    public NodeAgentOptions Options { get; }

    public ApiServerHost Host { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    public IContainerRuntime Runtime { get; private set; } = null!;

    private CriClient? Cri { get; set; }

    private string ContainerdAddress => new ContainerdOptions { DataDir = Options.AgentDirectory }.Address;

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root")
            throw new InvalidOperationException("the agent tests need root (they run containerd, runc and CNI)");
        await TestImages.EnsureBuiltAsync();
        Host = await ApiServerHost.StartAsync(
            new ApiServerOptions { DataDirectory = Path.Combine(DataDir, "server"), BindAddress = IPAddress.Loopback, HttpsPort = 0 }, _ => { }, CancellationToken.None);
        Client = ApiClient.Create(Host.Url, Host.Pki.Ca, Host.Pki.Admin);
        await CreateServiceAccountObjectsAsync();
        var loggers = new Microsoft.Extensions.Logging.LoggerFactory([new FileLoggerProvider(LogPath)]);
        _agent = Task.Run(() => NodeAgent.RunAsync(Options, Client, loggers, _stop.Token));
        _ = Task.Run(() => AssignPodCidrAsync(_stop.Token));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await WaitForAsync(async ct => File.Exists(ContainerdAddress) && await NodeReadyAsync(ct), timeout.Token);
        Cri = CriClient.ForUnixSocket(ContainerdAddress);
        Runtime = new ContainerRuntime(Cri);
    }

    /// <summary>
    /// Test stand-in for the service-account and root-CA controllers: every pod gets a kube-api-access volume at
    /// admission, whose token and CA the agent reads from these.
    /// </summary>
    private async Task CreateServiceAccountObjectsAsync()
    {
        await Client.CreateAsync(Resource.ServiceAccounts, "default",
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, CancellationToken.None);
        await Client.CreateAsync(Resource.ConfigMaps, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "kube-root-ca.crt" },
            ["data"] = new JsonObject { ["ca.crt"] = Host.Pki.Ca.ExportCertificatePem() },
        }, CancellationToken.None);
    }

    /// <summary>Test stand-in for the node IPAM controller: the test's own pod CIDR once the Node exists.</summary>
    private async Task AssignPodCidrAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Client.PatchAsync(Resource.Nodes, null, Options.NodeName, PatchType.Merge,
                    new JsonObject { ["spec"] = new JsonObject { ["podCIDR"] = PodCidr, ["podCIDRs"] = new JsonArray(PodCidr) } }, null, ct);
                return;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    public async Task<bool> NodeReadyAsync(CancellationToken ct)
    {
        try
        {
            var node = await Client.GetAsync(Resource.Nodes, null, Options.NodeName, ct);
            return (node["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .Any(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    public static async Task WaitForAsync(Func<CancellationToken, Task<bool>> condition, CancellationToken ct)
    {
        while (!await condition(ct))
            await Task.Delay(100, ct);
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        try
        {
            // The product's path first: pods deleted through the API are stopped and removed by the agent.
            await Client.DeleteCollectionAsync(Resource.Pods, "default", null, null, timeout.Token);
            await WaitForAsync(async ct => ((await Client.ListAsync(Resource.Pods, "default", null, ct))["items"] as JsonArray)?.Count == 0, timeout.Token);
        }
        catch (Exception)
        {
            // Safety net below.
        }
        _stop.Cancel();
        try { if (_agent is not null) await _agent.WaitAsync(TimeSpan.FromSeconds(20)); } catch (Exception) { }
        Cri?.Dispose();
        foreach (var pid in ShimProcesses.FindFor(ContainerdAddress))
            NativeMethods.Kill(pid, NativeMethods.SigKill);
        await Task.Delay(200);
        MountCleaner.UnmountAllUnder(DataDir);
        foreach (var netns in NetnsNames().Except(_netnsBefore))
        {
            NativeMethods.Umount2(netns, NativeMethods.MntDetach);
            try { File.Delete(netns); } catch (IOException) { }
        }
        var network = new PodNetwork(new CniOptions
        {
            ConfDir = Path.Combine(Options.AgentDirectory, "etc", "cni", "net.d"),
            PodCidr = PodCidr,
            IpamDataDir = Path.Combine(Options.AgentDirectory, "cni", "networks"),
            NetworkName = Options.CniNetworkName,
            BridgeName = Options.BridgeName,
        });
        try { await network.RemoveAsync(CancellationToken.None); } catch (Exception) { }
        try { await new UnreachableRoute(Options.ClusterCidr).RemoveAsync(CancellationToken.None); } catch (Exception) { }
        try { await new LocalRoute(Options.ServiceCidr).RemoveAsync(CancellationToken.None); } catch (Exception) { }
        CgroupCleaner.RemoveTree(Options.CgroupRoot);
        Client.Dispose();
        await Host.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (Exception) { }
        _stop.Dispose();
    }

    private static HashSet<string> NetnsNames() =>
        Directory.Exists("/var/run/netns") ? Directory.GetFiles("/var/run/netns").ToHashSet() : [];
}
