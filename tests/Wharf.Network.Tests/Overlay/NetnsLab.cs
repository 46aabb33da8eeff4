using System.Diagnostics;
using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

/// <summary>
/// A small cluster made of network namespaces, all named with one unique prefix: a switch namespace with bridge
/// <c>br0</c>, node namespaces (eth0 = 192.168.77.N/24 on that bridge, the cluster CIDR unreachable as the agent
/// installs it, a <c>wharf0</c> bridge at 10.244.N.1/24) each with one pod namespace behind it (10.244.N.2), and an
/// "outside" namespace (192.168.77.100) that knows no pod route, so only masqueraded traffic can be answered.
/// Nothing has a route off the lab; everything goes with the namespaces, which <see cref="DisposeAsync"/> deletes
/// even when setup failed half way.
/// </summary>
internal sealed class NetnsLab : IAsyncDisposable
{
    public const string ClusterCidr = "10.244.0.0/16";
    public const string OutsideIp = "192.168.77.100";

    private readonly string _prefix = $"ovt{Environment.ProcessId % 10000}{Random.Shared.Next(0x1000):x3}";
    private readonly List<string> _namespaces = new();
    private readonly List<Process> _servers = new();
    private readonly string _webRoot = Directory.CreateTempSubdirectory("wharf-overlay-web-").FullName;

    public string Switch => _prefix + "-sw";
    public string Outside => _prefix + "-out";
    public string Node(int i) => $"{_prefix}-n{i}";
    public string Pod(int i) => $"{_prefix}-p{i}";
    public static string NodeIp(int i) => $"192.168.77.{i}";
    public static string PodCidr(int i) => $"10.244.{i}.0/24";
    public static string PodIp(int i) => $"10.244.{i}.2";

    public static async Task<NetnsLab> CreateAsync(int nodes, CancellationToken ct)
    {
        var lab = new NetnsLab();
        try
        {
            await lab.BuildAsync(nodes, ct);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sets every pod's MTU (the overlay's pod MTU, as the CNI config would).</summary>
    public async Task SetPodMtuAsync(int nodes, int mtu, CancellationToken ct)
    {
        for (var i = 1; i <= nodes; i++)
            await Ip(ct, "-n", Pod(i), "link", "set", "eth0", "mtu", mtu.ToString());
    }

    /// <summary>Serves a page over HTTP from a namespace until the lab is disposed.</summary>
    public void Serve(string ns, string body)
    {
        var root = Path.Combine(_webRoot, ns);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "index.html"), body);
        var start = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", ns, "busybox", "httpd", "-f", "-p", "8080", "-h", root })
            start.ArgumentList.Add(a);
        _servers.Add(Process.Start(start)!);
    }

    public async Task<bool> PingAsync(string ns, string address, CancellationToken ct) =>
        (await ExecAsync(ns, ct, "busybox", "ping", "-c", "1", "-W", "2", address)).Succeeded;

    /// <summary>A TCP connection and HTTP GET from <paramref name="ns"/>; null when it fails.</summary>
    public async Task<string?> GetAsync(string ns, string address, CancellationToken ct)
    {
        var result = await ExecAsync(ns, ct, "busybox", "timeout", "5", "busybox", "wget", "-q", "-O", "-", $"http://{address}:8080/");
        return result.Succeeded ? result.StandardOutput : null;
    }

    public Task<CommandResult> ExecAsync(string ns, CancellationToken ct, params string[] command) =>
        Runner.RunAsync("ip", ["netns", "exec", ns, .. command], null, ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            // Started by this lab: ended by its own Process object, i.e. by PID.
            try { server.Kill(); server.WaitForExit(5000); } catch (InvalidOperationException) { }
            server.Dispose();
        }
        foreach (var ns in Enumerable.Reverse(_namespaces))
            await Runner.RunAsync("ip", ["netns", "del", ns], null, CancellationToken.None);
        try { Directory.Delete(_webRoot, recursive: true); } catch (IOException) { }
    }

    private static readonly ICommandRunner Runner = new CommandRunner([]);

    private async Task BuildAsync(int nodes, CancellationToken ct)
    {
        await AddNamespaceAsync(Switch, ct);
        await Ip(ct, "-n", Switch, "link", "add", "br0", "type", "bridge");
        await Ip(ct, "-n", Switch, "link", "set", "br0", "up");

        for (var i = 1; i <= nodes; i++)
        {
            var node = Node(i);
            await AddNamespaceAsync(node, ct);
            await PlugAsync(node, $"n{i}", NodeIp(i) + "/24", ct);
            await ExecAsync(node, ct, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            await Ip(ct, "-n", node, "route", "add", "unreachable", ClusterCidr);
            await Ip(ct, "-n", node, "link", "add", "wharf0", "type", "bridge");
            await Ip(ct, "-n", node, "addr", "add", $"10.244.{i}.1/24", "dev", "wharf0");
            await Ip(ct, "-n", node, "link", "set", "wharf0", "up");

            var pod = Pod(i);
            await AddNamespaceAsync(pod, ct);
            await Ip(ct, "-n", node, "link", "add", "vpod", "type", "veth", "peer", "name", "eth0", "netns", pod);
            await Ip(ct, "-n", node, "link", "set", "vpod", "master", "wharf0", "up");
            await Ip(ct, "-n", pod, "addr", "add", PodIp(i) + "/24", "dev", "eth0");
            await Ip(ct, "-n", pod, "link", "set", "eth0", "up");
            await Ip(ct, "-n", pod, "link", "set", "lo", "up");
            await Ip(ct, "-n", pod, "route", "add", "default", "via", $"10.244.{i}.1");
        }

        await AddNamespaceAsync(Outside, ct);
        await PlugAsync(Outside, "out", OutsideIp + "/24", ct);
    }

    /// <summary>An eth0 in <paramref name="ns"/> wired to the switch bridge through port <paramref name="port"/>.</summary>
    private async Task PlugAsync(string ns, string port, string address, CancellationToken ct)
    {
        await Ip(ct, "-n", Switch, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
        await Ip(ct, "-n", Switch, "link", "set", port, "master", "br0", "up");
        await Ip(ct, "-n", ns, "addr", "add", address, "dev", "eth0");
        await Ip(ct, "-n", ns, "link", "set", "eth0", "up");
        await Ip(ct, "-n", ns, "link", "set", "lo", "up");
    }

    private async Task AddNamespaceAsync(string ns, CancellationToken ct)
    {
        await Ip(ct, "netns", "add", ns);
        _namespaces.Add(ns);
    }

    private static async Task Ip(CancellationToken ct, params string[] arguments) =>
        (await Runner.RunAsync("ip", arguments, null, ct)).EnsureSuccess("ip " + string.Join(' ', arguments));
}
