using System.Net;
using Wharf.E2E.Tests.Harness;
using Wharf.E2E.Tests.Network;

namespace Wharf.E2E.Tests.MultiNode;

/// <summary>
/// Pod traffic between the nodes of a netns cluster, with the real kubectl: pod IP to pod IP across nodes, a
/// ClusterIP Service by DNS name answering from backends on both nodes, and a NodePort on one node's address reaching
/// a pod on the other. Run once per overlay backend by the derived classes.
/// </summary>
public abstract class CrossNodeTrafficTests(NetnsClusterFixture cluster)
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_node_is_ready_with_a_pod_subnet_of_its_own()
    {
        using var kubectl = cluster.Kubectl();

        var rows = (await kubectl.RunAsync("get", "nodes", "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.spec.podCIDR} {.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}")).EnsureSuccess().StdOut;
        var nodes = rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(' ')).ToDictionary(f => f[0], f => (Cidr: f[1], Ready: f[2]));

        Assert.Equal(cluster.Nodes.Select(n => n.Name).Order(), nodes.Keys.Order());
        Assert.All(nodes.Values, n => Assert.Equal("True", n.Ready));
        Assert.Equal(nodes.Count, nodes.Values.Select(n => n.Cidr).Distinct().Count());
        var clusterRange = IPNetwork.Parse(NetnsClusterFixture.ClusterCidr);
        Assert.All(nodes.Values, n => Assert.True(clusterRange.Contains(IPNetwork.Parse(n.Cidr).BaseAddress), n.Cidr));
    }

    [Fact]
    public async Task Each_node_routes_the_other_nodes_pod_subnet_through_the_configured_backend()
    {
        using var kubectl = cluster.Kubectl();
        var (from, to) = (cluster.Nodes[0], cluster.Nodes[1]);
        var remoteCidr = (await kubectl.RunAsync("get", "node", to.Name, "-o", "jsonpath={.spec.podCIDR}")).EnsureSuccess().StdOut;

        // vxlan: via the remote VTEP's address on the overlay device; host-gw: straight via the remote node's address.
        // The overlay adds the route once it has seen the other Node's podCIDR, which may come after both are Ready.
        var expected = cluster.Backend == "vxlan" ? "dev wharf.1" : $"via {to.Address} dev eth0";
        var route = "";
        await Poll.UntilAsync(async () =>
        {
            route = await from.RunInNetnsAsync(HostCommand.Ip, "-4", "route", "show", remoteCidr);
            return route.Contains(expected, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20), $"route to {remoteCidr} {expected}");
        Assert.Contains(expected, route);
    }

    [Fact]
    public async Task A_pod_reaches_a_pod_on_the_other_node_by_pod_ip()
    {
        var web = await cluster.WebAsync();

        var answer = await web.FetchFromClientAsync($"http://{web.Remote.Ip}:8080/index.html");

        Assert.NotEqual(web.ClientNode, web.Remote.Node);
        Assert.Equal(web.Remote.Name, answer);
    }

    [Fact]
    public async Task The_cluster_ip_by_dns_name_reaches_the_backends_on_both_nodes()
    {
        var web = await cluster.WebAsync();
        using var kubectl = cluster.Kubectl();
        await WebBackends.WaitForEndpointsAsync(kubectl, web.Namespace, "web", 2);

        var answered = new HashSet<string>();
        for (var i = 0; i < 30 && answered.Count < web.Backends.Count; i++)
            answered.Add(await web.FetchFromClientAsync($"http://web.{web.Namespace}.svc.cluster.local/index.html"));

        Assert.Equal(web.Backends.Select(b => b.Name).ToHashSet(), answered);
    }

    [Fact]
    public async Task A_node_port_on_one_node_reaches_a_pod_on_the_other()
    {
        var web = await cluster.WebAsync();
        using var kubectl = cluster.Kubectl();
        // A Service that selects only the remote backend, so every answer crossed between the nodes.
        (await kubectl.RunAsync("label", "pod", web.Remote.Name, "-n", web.Namespace, "side=remote", "--overwrite")).EnsureSuccess();
        var service = $$"""
            apiVersion: v1
            kind: Service
            metadata: {name: remote, namespace: {{web.Namespace}}}
            spec:
              type: NodePort
              selector: {side: remote}
              ports: [{port: 80, targetPort: 8080}]
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = service }, CancellationToken.None)).EnsureSuccess();
        var nodePort = (await kubectl.RunAsync("get", "service", "remote", "-n", web.Namespace, "-o", "jsonpath={.spec.ports[0].nodePort}")).EnsureSuccess().StdOut;
        var entry = cluster.Node(web.ClientNode).Address;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var answer = "";
        await Poll.UntilAsync(async () =>
        {
            answer = await TryGetAsync(http, $"http://{entry}:{nodePort}/index.html");
            return answer.Length > 0;
        }, AnswerWithin, $"node port {nodePort} answers on {entry} ({web.ClientNode})");

        Assert.NotEqual(web.ClientNode, web.Remote.Node);
        Assert.Equal(web.Remote.Name, answer.Trim());
    }

    private static async Task<string> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            return await http.GetStringAsync(url);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "";
        }
    }
}
