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

    [Fact]
    public async Task Headless_services_answer_with_pod_addresses_hostnames_and_srv_records_and_external_names_with_a_cname()
    {
        var ns = await fixture.CreateNamespaceAsync("dns-headless");
        using var kubectl = fixture.Kubectl();
        var manifest = $$$"""
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: {{{ns}}}}
            spec:
              clusterIP: None
              selector: {app: db}
              ports: [{name: sql, port: 5432, protocol: TCP}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ext, namespace: {{{ns}}}}
            spec: {type: ExternalName, externalName: www.example.test}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: db-0, namespace: {{{ns}}}, labels: {app: db}}
            spec:
              hostname: db-0
              subdomain: db
              containers:
              - {name: db, image: {{{LocalImages.Busybox}}}, imagePullPolicy: Never, command: [sleep, "3600"]}
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None)).EnsureSuccess();
        (await kubectl.RunAsync(["wait", "--for=condition=Ready", "pod/db-0", "-n", ns, $"--timeout={PodReadyWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = PodReadyWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None)).EnsureSuccess();
        var podIp = (await kubectl.RunAsync("get", "pod", "db-0", "-n", ns, "-o", "jsonpath={.status.podIP}")).EnsureSuccess().StdOut;
        await Poll.UntilAsync(async () =>
            (await kubectl.RunAsync("get", "endpoints", "db", "-n", ns, "-o", "jsonpath={.subsets[*].addresses[*].ip}")).StdOut == podIp,
            TimeSpan.FromSeconds(20), "the headless service lists the pod");

        var service = await kubectl.RunAsync("exec", "db-0", "-n", ns, "--", "nslookup", $"db.{ns}.svc.cluster.local");
        var host = await kubectl.RunAsync("exec", "db-0", "-n", ns, "--", "nslookup", $"db-0.db.{ns}.svc.cluster.local");
        var srv = await kubectl.RunAsync("exec", "db-0", "-n", ns, "--", "nslookup", "-type=SRV", $"_sql._tcp.db.{ns}.svc.cluster.local");
        var external = await kubectl.RunAsync("exec", "db-0", "-n", ns, "--", "nslookup", "-type=CNAME", $"ext.{ns}.svc.cluster.local");

        Assert.True(service.ExitCode == 0, service.ToString());
        Assert.Contains($"Address: {podIp}", service.StdOut);
        Assert.True(host.ExitCode == 0, host.ToString());
        Assert.Contains($"Address: {podIp}", host.StdOut);
        Assert.True(srv.ExitCode == 0, srv.ToString());
        Assert.Contains($"5432 db-0.db.{ns}.svc.cluster.local", srv.StdOut);
        Assert.True(external.ExitCode == 0, external.ToString());
        Assert.Contains("canonical name = www.example.test", external.StdOut);
    }

    private static async Task RunPodAsync(Kubectl kubectl, string ns, string name)
    {
        (await kubectl.RunAsync("run", name, "-n", ns, "--image", LocalImages.Busybox, "--image-pull-policy=Never", "--restart=Never",
            "--command", "--", "sleep", "3600")).EnsureSuccess();
        (await kubectl.RunAsync(["wait", "--for=condition=Ready", $"pod/{name}", "-n", ns, $"--timeout={PodReadyWithin.TotalSeconds}s"],
            new KubectlOptions { Timeout = PodReadyWithin + TimeSpan.FromSeconds(10) }, CancellationToken.None)).EnsureSuccess();
    }
}
