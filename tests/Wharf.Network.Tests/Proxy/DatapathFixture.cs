using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Network.Proxy;
using Wharf.Network.Proxy.Nft;

namespace Wharf.Network.Tests.Proxy;

/// <summary>
/// A node made of network namespaces: the "node" holds a bridge (10.42.0.1/24), the service CIDR as a local route and
/// the proxy's table; two "pods" on the bridge run busybox httpd on :8080 answering their own name. Everything lives in
/// namespaces created here and deleted on dispose, so no packet can leave the machine.
/// </summary>
public sealed class DatapathFixture : IAsyncLifetime
{
    public const string NodeIp = "10.42.0.1";
    public static readonly string[] PodIps = ["10.42.0.2", "10.42.0.3"];

    private readonly List<NetworkNamespace> _namespaces = [];
    private string? _webRoot;

    internal NetworkNamespace Node { get; private set; } = null!;

    internal IReadOnlyList<NetworkNamespace> Pods { get; private set; } = [];

    internal FakeServiceSource Source { get; } = new();

    internal ProxySyncer Syncer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!Privileges.IsRoot) return;
        Node = Add(NetworkNamespace.Create("node"));
        Node.Run("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        // Pods share the bridge: without this, a backend's reply to a pod on the same bridge skips the node's conntrack
        // and never gets its source turned back into the ClusterIP (real pod networks set it too).
        Node.Run("sysctl", "-q", "-w", "net.bridge.bridge-nf-call-iptables=1");
        Node.Run("ip", "link", "add", "br0", "type", "bridge");
        Node.Run("ip", "addr", "add", $"{NodeIp}/24", "dev", "br0");
        Node.Run("ip", "link", "set", "br0", "up");
        Node.Run("ip", "route", "add", "local", "10.43.0.0/16", "dev", "lo");

        _webRoot = Directory.CreateTempSubdirectory("wharf-proxy-www-").FullName;
        var pods = new List<NetworkNamespace>();
        for (var i = 0; i < PodIps.Length; i++)
        {
            var pod = Add(NetworkNamespace.Create($"pod{i + 1}"));
            Node.Run("ip", "link", "add", $"veth{i}", "type", "veth", "peer", "name", "eth0", "netns", pod.Name);
            Node.Run("ip", "link", "set", $"veth{i}", "master", "br0", "up");
            // A pod reaching itself through its service gets its own frame back on the port it came from, as the CNI
            // bridge plugin's hairpinMode allows.
            Node.Run("ip", "link", "set", $"veth{i}", "type", "bridge_slave", "hairpin", "on");
            pod.Run("ip", "addr", "add", $"{PodIps[i]}/24", "dev", "eth0");
            pod.Run("ip", "link", "set", "eth0", "up");
            pod.Run("ip", "route", "add", "default", "via", NodeIp);
            var root = Directory.CreateDirectory(Path.Combine(_webRoot, $"pod{i + 1}")).FullName;
            await File.WriteAllTextAsync(Path.Combine(root, "index.html"), $"pod{i + 1}\n");
            pod.Start("busybox", "httpd", "-f", "-p", "8080", "-h", root);
            pods.Add(pod);
        }
        Pods = pods;

        var options = NftScriptTests.Options(Node) with { NodeIPs = [System.Net.IPAddress.Parse(NodeIp)] };
        await new CommandRunner(Node.Prefix).SysctlAsync("net.ipv4.conf.all.route_localnet=1", CancellationToken.None);
        Syncer = new ProxySyncer(options, Source, new CommandRunner(Node.Prefix), null, NullLogger.Instance);
        Define();
        await Syncer.SyncAsync(CancellationToken.None);
        await WaitForResponders();
    }

    /// <summary>
    /// GET through the given namespace with curl: the body (pod name) or null when the request failed, and curl's exit
    /// code (7: could not connect, 28: timed out).
    /// </summary>
    internal (string? Body, int ExitCode, string Output, TimeSpan Elapsed) Get(NetworkNamespace from, string url)
    {
        var (code, output, elapsed) = from.TryRun("curl", "-sS", "--max-time", "3", url);
        return (code == 0 ? output.Trim() : null, code, output, elapsed);
    }

    public Task DisposeAsync()
    {
        foreach (var ns in _namespaces) ns.Dispose();
        if (_webRoot is not null) Directory.Delete(_webRoot, recursive: true);
        return Task.CompletedTask;
    }

    private void Define()
    {
        var both = SliceBuilder.For("web").Port(8080, "http").Endpoint(PodIps[0]).Endpoint(PodIps[1]);
        Source.Set(ServiceBuilder.Make("web", "10.43.0.5").Port(80, "http", nodePort: 30080).Type("NodePort").Obj(), both.Obj());
        Source.Set(ServiceBuilder.Make("sticky", "10.43.0.6").Port(80, "http").Affinity(60).Obj(),
            SliceBuilder.For("sticky").Port(8080, "http").Endpoint(PodIps[0]).Endpoint(PodIps[1]).Obj());
        Source.Set(ServiceBuilder.Make("self", "10.43.0.7").Port(80, "http").Obj(),
            SliceBuilder.For("self").Port(8080, "http").Endpoint(PodIps[0]).Obj());
        Source.Set(ServiceBuilder.Make("empty", "10.43.0.11").Port(80, "http").Obj());
        // Answered by a process bound to the ClusterIP in the node itself, as the built-in DNS is.
        Source.Set(ServiceBuilder.Make("local", "10.43.0.10").Port(8053, "http").Label("wharf.io/node-local", "true").Obj());
    }

    private async Task WaitForResponders()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Pods.Select((p, i) => Get(Node, $"http://{PodIps[i]}:8080/").Body).All(b => b is not null)) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("busybox httpd did not come up in the pod namespaces");
    }

    private NetworkNamespace Add(NetworkNamespace ns)
    {
        _namespaces.Add(ns);
        return ns;
    }
}
