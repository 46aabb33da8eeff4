using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.ApiServer.Hosting;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

/// <summary>
/// An in-process API server holding one Node per lab node (pod CIDRs assigned as the IPAM controller would), and one
/// <see cref="OverlayNetwork.RunAsync"/> per node with its own informers, programming that node's namespace.
/// </summary>
internal sealed class OverlayCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("wharf-overlay-test-").FullName;
    private readonly List<Task> _agents = new();
    private ApiServerHost? _host;
    private bool _stopped;

    private OverlayCluster(NetnsLab lab, int nodes, OverlayBackend backend)
    {
        Lab = lab;
        Options = Enumerable.Range(1, nodes).Select(i => new OverlayOptions
        {
            NodeName = $"node{i}",
            Backend = backend,
            ClusterCidr = NetnsLab.ClusterCidr,
            Interface = "eth0",
            CommandPrefix = ["ip", "netns", "exec", lab.Node(i)],
            ResyncPeriod = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        }).ToList();
    }

    public NetnsLab Lab { get; }

    public IReadOnlyList<OverlayOptions> Options { get; }

    public IApiClient Client { get; private set; } = null!;

    public static async Task<OverlayCluster> StartAsync(NetnsLab lab, int nodes, OverlayBackend backend, CancellationToken ct)
    {
        var cluster = new OverlayCluster(lab, nodes, backend);
        try
        {
            await cluster.StartAsync(ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Routes owned by the overlay in a node's namespace.</summary>
    public async Task<IReadOnlyList<OverlayRoute>> RoutesAsync(int node, CancellationToken ct)
    {
        var result = (await Lab.ExecAsync(Lab.Node(node), ct, "ip", "-j", "route", "show", "proto", "87")).EnsureSuccess("ip route show");
        return DatapathExecutor.ParseRoutes(OverlayTools.ParseArray(result.StandardOutput));
    }

    /// <summary>Polls until each of the first <paramref name="nodes"/> nodes routes exactly <paramref name="perNode"/> other pod subnets.</summary>
    public async Task WaitForRoutesAsync(int nodes, int perNode, CancellationToken ct)
    {
        for (var i = 1; i <= nodes; i++)
        {
            while ((await RoutesAsync(i, ct)).Count != perNode)
                await Task.Delay(100, ct);
        }
    }

    /// <summary>Stops the agents and takes each node's overlay down as node teardown would.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        _stop.Cancel();
        await Task.WhenAll(_agents);
        foreach (var options in Options)
            await OverlayNetwork.RemoveAsync(options, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_host is not null)
                await _host.DisposeAsync();
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
        }
    }

    private async Task StartAsync(CancellationToken ct)
    {
        _host = await ApiServerHost.StartAsync(new ApiServerOptions { DataDirectory = _dataDir, BindAddress = IPAddress.Loopback, HttpsPort = 0 }, _ => { }, ct);
        Client = ApiClient.Create(_host.Url, _host.Pki.Ca, _host.Pki.Admin);
        for (var i = 1; i <= Options.Count; i++)
        {
            var node = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject { ["name"] = Options[i - 1].NodeName },
                ["spec"] = new JsonObject { ["podCIDR"] = NetnsLab.PodCidr(i), ["podCIDRs"] = new JsonArray(NetnsLab.PodCidr(i)) },
            };
            await Client.CreateAsync(Resource.Nodes, null, node, ct);
        }
        foreach (var options in Options)
        {
            var informers = new SharedInformerFactory(Client);
            _agents.Add(Task.Run(async () =>
            {
                try
                {
                    await OverlayNetwork.RunAsync(options, Client, informers, NullLoggerFactory.Instance, _stop.Token);
                }
                finally
                {
                    await informers.ShutdownAsync();
                }
            }));
        }
    }
}
