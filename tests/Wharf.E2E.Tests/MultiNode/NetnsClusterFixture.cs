using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.MultiNode;

/// <summary>
/// A small cluster on this one host: a test bridge with a /24 of its own, <c>wharf server --disable-agent</c> listening
/// on the bridge's address, and <see cref="NodeCount"/> nodes, each a network namespace on the bridge running
/// <c>wharf agent</c> with its own data dir and containerd, joined with the server's token. Pod and service ranges
/// (10.236/16, 10.237/16) are apart from the other fixtures'. Everything is torn down afterwards, also when set-up
/// failed half way: nodes (by PID and attribution, see <see cref="NetnsNode"/>), server, bridge, and the pod cgroups
/// that appeared meanwhile.
/// </summary>
public abstract class NetnsClusterFixture : WharfServerFixture
{
    public const string ClusterCidr = "10.236.0.0/16";
    public const string ServiceCidr = "10.237.0.0/16";
    public const string ClusterDns = "10.237.0.10";
    private const int FirstHost = 11;
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);

    private readonly List<NetnsNode> _nodes = [];
    private readonly PodCgroups _cgroups = new();
    private TestBridge? _bridge;
    private Lazy<Task<CrossNodeWeb>>? _web;

    /// <summary>The overlay backend every agent runs: vxlan or host-gw.</summary>
    public abstract string Backend { get; }

    /// <summary>The bridge's /24 (first three octets); each fixture type has its own so they never clash.</summary>
    protected abstract string SubnetPrefix { get; }

    protected virtual int NodeCount => 2;

    protected override WharfServerOptions Options => WharfServerOptions.ControlPlaneOnly with
    {
        BindAddress = $"{SubnetPrefix}.1",
        ClusterCidr = ClusterCidr,
        ServiceCidr = ServiceCidr,
        ClusterDns = ClusterDns,
        ControllerManagerArgs = ControllerManagerArgs,
    };

    /// <summary>Flags for the cluster's controller manager (none: upstream's defaults).</summary>
    protected virtual IReadOnlyList<string> ControllerManagerArgs => [];

    /// <summary>The nodes, named mn-a, mn-b, … with addresses .11, .12, … on the bridge.</summary>
    public IReadOnlyList<NetnsNode> Nodes => _nodes;

    public NetnsNode Node(string name) => _nodes.Single(n => n.Name == name);

    /// <summary>The spread web backends and client, deployed once per fixture on first use (see <see cref="CrossNodeWeb"/>).</summary>
    public Task<CrossNodeWeb> WebAsync() => (_web ??= new Lazy<Task<CrossNodeWeb>>(() => CrossNodeWeb.DeployAsync(this))).Value;

    public override async Task InitializeAsync()
    {
        try
        {
            _cgroups.Snapshot();
            _bridge = await TestBridge.CreateAsync("wharfmn" + Guid.NewGuid().ToString("N")[..6], SubnetPrefix);
            await base.InitializeAsync();
            var token = (await File.ReadAllTextAsync(Path.Combine(Server.DataDirectory, "token"))).Trim();
            var settings = new NodeAgentSettings(Server.Url, token, ClusterCidr, ServiceCidr, ClusterDns, Backend);
            for (var i = 0; i < NodeCount; i++)
            {
                var node = await NetnsNode.CreateAsync(_bridge, $"mn-{(char)('a' + i)}", FirstHost + i, settings, CancellationToken.None);
                _nodes.Add(node);
                node.StartAgent();
            }
            foreach (var node in _nodes)
                await WaitForReadyAsync(node, "True", ReadyWithin);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the Node's Ready condition has <paramref name="status"/> (True, False or Unknown).</summary>
    public async Task WaitForReadyAsync(NetnsNode node, string status, TimeSpan within)
    {
        using var kubectl = Kubectl();
        await Poll.UntilAsync(async () =>
            (await kubectl.RunAsync("get", "node", node.Name, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).StdOut == status,
            within, $"node {node.Name} Ready={status}; agent output:\n{Tail(node.Output)}");
    }

    /// <summary>Pods, events and the agents' recent output, for a failure message.</summary>
    public async Task<string> DiagnoseAsync(string ns)
    {
        using var kubectl = Kubectl();
        var text = new System.Text.StringBuilder();
        foreach (var args in new[] { new[] { "get", "pods", "-o", "wide", "-n", ns }, ["get", "events", "-n", ns], ["describe", "pods", "-n", ns] })
            text.AppendLine((await kubectl.RunAsync(args)).ToString());
        foreach (var node in _nodes)
            text.AppendLine($"--- agent {node.Name} ---").AppendLine(Tail(node.Output));
        return text.ToString();
    }

    public override async Task DisposeAsync()
    {
        var problems = new List<string>();
        foreach (var node in _nodes)
        {
            try
            {
                await node.DisposeAsync();
            }
            catch (Exception e)
            {
                problems.Add($"node {node.Name}: {(e is AggregateException all ? string.Join("; ", all.InnerExceptions.Select(i => i.Message)) : e.Message)}");
            }
        }
        await base.DisposeAsync();
        try
        {
            if (_bridge is not null)
                await _bridge.DisposeAsync();
        }
        catch (Exception e)
        {
            problems.Add($"bridge: {e.Message}");
        }
        problems.AddRange(await _cgroups.RemoveNewAsync());
        if (problems.Count > 0)
            throw new InvalidOperationException("netns cluster cleanup incomplete:\n" + string.Join('\n', problems));
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
