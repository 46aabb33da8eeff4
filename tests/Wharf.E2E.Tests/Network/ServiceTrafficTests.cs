using System.Net;
using System.Net.Sockets;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Network;

/// <summary>
/// Service traffic through the node's nftables proxy, as pods and the host see it: ClusterIP by DNS name to every
/// backend, NodePort and LoadBalancer on 127.0.0.1, ClientIP affinity, a pod reaching itself through its service,
/// and a fast refusal where nothing serves.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ServiceTrafficTests(NodeServerFixture fixture)
{
    private static readonly TimeSpan PodReadyWithin = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_pod_reaches_both_backends_through_the_cluster_ip_by_dns_name()
    {
        var ns = await fixture.CreateNamespaceAsync("svc-clusterip");
        using var kubectl = fixture.Kubectl();
        await WebBackends.DeployAsync(kubectl, ns, "web", replicas: 2);
        (await kubectl.RunAsync("expose", "deployment", "web", "-n", ns, "--port=80", "--target-port=8080")).EnsureSuccess();
        await WebBackends.WaitForEndpointsAsync(kubectl, ns, "web", 2);
        var pods = await WebBackends.PodNamesAsync(kubectl, ns, "web");
        await RunClientAsync(kubectl, ns);

        var answered = await CollectAnswersAsync(kubectl, ns, $"http://web.{ns}.svc.cluster.local/index.html", pods.Count);

        Assert.Equal(pods, answered);
    }

    [Fact]
    public async Task Client_ip_affinity_keeps_one_client_on_one_backend()
    {
        var ns = await fixture.CreateNamespaceAsync("svc-affinity");
        using var kubectl = fixture.Kubectl();
        await WebBackends.DeployAsync(kubectl, ns, "web", replicas: 2);
        (await kubectl.RunAsync("expose", "deployment", "web", "-n", ns, "--port=80", "--target-port=8080", "--session-affinity=ClientIP")).EnsureSuccess();
        await WebBackends.WaitForEndpointsAsync(kubectl, ns, "web", 2);
        await RunClientAsync(kubectl, ns);

        var answers = new List<string>();
        for (var i = 0; i < 8; i++)
            answers.Add(await FetchFromClientAsync(kubectl, ns, $"http://web.{ns}.svc/index.html"));

        Assert.Single(answers.Distinct());
    }

    [Fact]
    public async Task A_pod_reaches_itself_through_its_own_service()
    {
        var ns = await fixture.CreateNamespaceAsync("svc-hairpin");
        using var kubectl = fixture.Kubectl();
        await WebBackends.DeployAsync(kubectl, ns, "web", replicas: 1);
        (await kubectl.RunAsync("expose", "deployment", "web", "-n", ns, "--port=80", "--target-port=8080")).EnsureSuccess();
        await WebBackends.WaitForEndpointsAsync(kubectl, ns, "web", 1);
        var pod = (await WebBackends.PodNamesAsync(kubectl, ns, "web")).Single();

        var result = await kubectl.RunAsync("exec", pod, "-n", ns, "--", "timeout", "5", "wget", "-q", "-O", "-", "http://web/index.html");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(pod, result.StdOut.Trim());
    }

    [Fact]
    public async Task Node_port_and_load_balancer_answer_on_localhost_and_the_load_balancer_reports_the_node_address()
    {
        var ns = await fixture.CreateNamespaceAsync("svc-nodeport");
        using var kubectl = fixture.Kubectl();
        await WebBackends.DeployAsync(kubectl, ns, "web", replicas: 1);
        (await kubectl.RunAsync("expose", "deployment", "web", "-n", ns, "--name=np", "--type=NodePort", "--port=80", "--target-port=8080")).EnsureSuccess();
        var lbPort = FreePort.Next();
        (await kubectl.RunAsync("expose", "deployment", "web", "-n", ns, "--name=lb", "--type=LoadBalancer", $"--port={lbPort}", "--target-port=8080")).EnsureSuccess();
        await WebBackends.WaitForEndpointsAsync(kubectl, ns, "np", 1);
        var pod = (await WebBackends.PodNamesAsync(kubectl, ns, "web")).Single();
        var nodePort = (await kubectl.RunAsync("get", "service", "np", "-n", ns, "-o", "jsonpath={.spec.ports[0].nodePort}")).EnsureSuccess().StdOut;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        string nodePortAnswer = "";
        await Poll.UntilAsync(async () =>
        {
            nodePortAnswer = await TryGetAsync(http, $"http://127.0.0.1:{nodePort}/index.html");
            return nodePortAnswer.Length > 0;
        }, TimeSpan.FromSeconds(15), "the node port answers on 127.0.0.1");
        string externalIp = "";
        await Poll.UntilAsync(async () =>
        {
            externalIp = (await kubectl.RunAsync("get", "service", "lb", "-n", ns, "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}")).StdOut;
            return externalIp.Length > 0;
        }, TimeSpan.FromSeconds(15), "the load balancer gets an address");
        string lbAnswer = "";
        await Poll.UntilAsync(async () =>
        {
            lbAnswer = await TryGetAsync(http, $"http://127.0.0.1:{lbPort}/index.html");
            return lbAnswer.Length > 0;
        }, TimeSpan.FromSeconds(15), "the load balancer answers on 127.0.0.1");
        var table = KubectlTable.Parse((await kubectl.RunAsync("get", "service", "lb", "-n", ns)).EnsureSuccess().StdOut);

        Assert.Equal(pod, nodePortAnswer.Trim());
        Assert.Equal(pod, lbAnswer.Trim());
        Assert.Equal(externalIp, table.Row("lb")["EXTERNAL-IP"]);
        Assert.True(IPAddress.TryParse(externalIp, out _), externalIp);
    }

    [Fact]
    public async Task A_service_without_endpoints_refuses_at_once()
    {
        var ns = await fixture.CreateNamespaceAsync("svc-empty");
        using var kubectl = fixture.Kubectl();
        (await kubectl.RunAsync("create", "service", "clusterip", "nobody", "-n", ns, "--tcp=80:8080")).EnsureSuccess();
        var clusterIp = (await kubectl.RunAsync("get", "service", "nobody", "-n", ns, "-o", "jsonpath={.spec.clusterIP}")).EnsureSuccess().StdOut;

        SocketException? refused = null;
        var started = DateTime.UtcNow;
        await Poll.UntilAsync(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await socket.ConnectAsync(IPAddress.Parse(clusterIp), 80, timeout.Token);
                return false;
            }
            catch (SocketException e)
            {
                refused = e;
                return e.SocketErrorCode == SocketError.ConnectionRefused;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(15), "the cluster IP refuses");

        Assert.Equal(SocketError.ConnectionRefused, refused!.SocketErrorCode);
    }

    [Fact]
    public async Task After_a_restart_of_server_and_agent_the_proxy_serves_old_services_and_follows_new_changes()
    {
        var ns = await fixture.CreateNamespaceAsync("svc-restart");
        using (var before = fixture.Kubectl())
        {
            await WebBackends.DeployAsync(before, ns, "web", replicas: 1);
            (await before.RunAsync("expose", "deployment", "web", "-n", ns, "--name=kept", "--type=NodePort", "--port=80", "--target-port=8080")).EnsureSuccess();
            (await before.RunAsync("expose", "deployment", "web", "-n", ns, "--name=dropped", "--type=NodePort", "--port=80", "--target-port=8080")).EnsureSuccess();
            await WebBackends.WaitForEndpointsAsync(before, ns, "dropped", 1);
        }
        var droppedPort = await NodePortAsync(ns, "dropped");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () => (await TryGetAsync(http, $"http://127.0.0.1:{droppedPort}/index.html")).Length > 0,
            TimeSpan.FromSeconds(15), "the node port answers before the restart");

        // The restarted proxy starts with a full resync over the rules it left in place, then follows changes again.
        await fixture.Server.RestartAsync(CancellationToken.None);
        fixture.Reconnect();
        using var kubectl = fixture.Kubectl();
        (await kubectl.RunAsync("delete", "service", "dropped", "-n", ns)).EnsureSuccess();
        var keptPort = await NodePortAsync(ns, "kept");

        await Poll.UntilAsync(async () => (await TryGetAsync(http, $"http://127.0.0.1:{keptPort}/index.html")).Length > 0,
            TimeSpan.FromSeconds(30), "the kept service answers after the restart");
        await Poll.UntilAsync(async () => await RefusedAsync(droppedPort), TimeSpan.FromSeconds(30), "the deleted service's node port refuses");
    }

    [Fact]
    public async Task The_proxy_reports_its_syncs_and_rules_on_kube_proxys_metrics_port()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var metrics = "";
        await Poll.UntilAsync(async () =>
        {
            metrics = await TryGetAsync(http, "http://127.0.0.1:10249/metrics");
            return metrics.Contains("wharf_proxy_last_sync_timestamp_seconds ", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20), "the proxy's metrics are served");

        Assert.Contains("wharf_proxy_sync_duration_seconds_count{mode=\"full\"}", metrics);
        Assert.Matches(@"(?m)^wharf_proxy_rules [1-9]", metrics);
    }

    private async Task<int> NodePortAsync(string ns, string service)
    {
        using var kubectl = fixture.Kubectl();
        return int.Parse((await kubectl.RunAsync("get", "service", service, "-n", ns, "-o", "jsonpath={.spec.ports[0].nodePort}")).EnsureSuccess().StdOut,
            System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> RefusedAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return false;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.ConnectionRefused;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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

    private static async Task RunClientAsync(Kubectl kubectl, string ns)
    {
        (await kubectl.RunAsync("run", "client", "-n", ns, "--image", LocalImages.Busybox, "--image-pull-policy=Never", "--restart=Never",
            "--command", "--", "sleep", "3600")).EnsureSuccess();
        (await kubectl.RunAsync(["wait", "--for=condition=Ready", "pod/client", "-n", ns, $"--timeout={PodReadyWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = PodReadyWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None)).EnsureSuccess();
    }

    private static async Task<string> FetchFromClientAsync(Kubectl kubectl, string ns, string url)
    {
        var result = await kubectl.RunAsync("exec", "client", "-n", ns, "--", "timeout", "5", "wget", "-q", "-O", "-", url);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut.Trim();
    }

    /// <summary>Fetches until every expected backend answered (random spread: a few dozen tries are plenty).</summary>
    private static async Task<HashSet<string>> CollectAnswersAsync(Kubectl kubectl, string ns, string url, int backends)
    {
        var answered = new HashSet<string>();
        for (var i = 0; i < 30 && answered.Count < backends; i++)
            answered.Add(await FetchFromClientAsync(kubectl, ns, url));
        return answered;
    }
}
