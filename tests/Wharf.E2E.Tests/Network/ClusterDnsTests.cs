using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Network;

/// <summary>
/// The DNS server built into the node agent, as pods see it: their resolv.conf names the cluster DNS address, which
/// every node answers itself, and the kube-dns Service stands at that address for the tools that look for it.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ClusterDnsTests(NodeServerFixture fixture)
{
    private static readonly TimeSpan PodReadyWithin = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Kube_dns_service_stands_at_the_cluster_dns_address()
    {
        using var kubectl = fixture.Kubectl();

        var table = KubectlTable.Parse((await kubectl.RunAsync("get", "service", "kube-dns", "-n", "kube-system")).EnsureSuccess().StdOut);

        var row = table.Row("kube-dns");
        Assert.Equal("ClusterIP", row["TYPE"]);
        Assert.Equal(WharfServerOptions.WithNodeAgent.ClusterDns, row["CLUSTER-IP"]);
        Assert.Equal("53/UDP,53/TCP", row["PORT(S)"]);
    }

    [Fact]
    public async Task A_pod_resolves_services_by_full_name_and_through_its_search_path()
    {
        var ns = await fixture.CreateNamespaceAsync("dns");
        using var kubectl = fixture.Kubectl();
        (await kubectl.RunAsync("create", "service", "clusterip", "web", "-n", ns, "--tcp=80:8080")).EnsureSuccess();
        var webIp = (await kubectl.RunAsync("get", "service", "web", "-n", ns, "-o", "jsonpath={.spec.clusterIP}")).EnsureSuccess().StdOut;
        await RunPodAsync(kubectl, ns, "client");

        var full = await kubectl.RunAsync("exec", "client", "-n", ns, "--", "nslookup", "kubernetes.default.svc.cluster.local");
        var resolvConf = (await kubectl.RunAsync("exec", "client", "-n", ns, "--", "cat", "/etc/resolv.conf")).EnsureSuccess().StdOut;
        var shortName = await kubectl.RunAsync("exec", "client", "-n", ns, "--", "nslookup", $"web.{ns}.svc.cluster.local");

        Assert.True(full.ExitCode == 0, full.ToString());
        Assert.Contains("Address: 10.96.0.1", full.StdOut);
        Assert.Contains($"nameserver {WharfServerOptions.WithNodeAgent.ClusterDns}", resolvConf);
        Assert.Contains($"search {ns}.svc.cluster.local svc.cluster.local cluster.local", resolvConf);
        Assert.True(shortName.ExitCode == 0, shortName.ToString());
        Assert.Contains($"Address: {webIp}", shortName.StdOut);
    }

    [Fact]
    public async Task A_missing_service_name_is_nxdomain()
    {
        var ns = await fixture.CreateNamespaceAsync("dns-missing");
        using var kubectl = fixture.Kubectl();
        await RunPodAsync(kubectl, ns, "client");

        var result = await kubectl.RunAsync("exec", "client", "-n", ns, "--", "nslookup", $"absent.{ns}.svc.cluster.local");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("NXDOMAIN", result.StdOut + result.StdErr);
    }

    private static async Task RunPodAsync(Kubectl kubectl, string ns, string name)
    {
        (await kubectl.RunAsync("run", name, "-n", ns, "--image", LocalImages.Busybox, "--image-pull-policy=Never", "--restart=Never",
            "--command", "--", "sleep", "3600")).EnsureSuccess();
        (await kubectl.RunAsync(["wait", "--for=condition=Ready", $"pod/{name}", "-n", ns, $"--timeout={PodReadyWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = PodReadyWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None)).EnsureSuccess();
    }
}
