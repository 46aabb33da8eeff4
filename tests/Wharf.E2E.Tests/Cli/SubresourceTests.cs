using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class SubresourceTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task Scale_ChangesReplicas_ThroughScaleSubresource()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));
        (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess();
        var before = (await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.metadata.generation}")).EnsureSuccess().StdOut;

        Assert.Equal("deployment.apps/web scaled\n", (await kubectl.RunAsync("scale", "deployment", "web", "-n", ns, "--replicas=3")).EnsureSuccess().StdOut);
        Assert.Equal("1", before);
        // A scale is a spec change: the generation rises, so controllers' observedGeneration can follow it.
        Assert.Equal("3 2", (await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas} {.metadata.generation}")).EnsureSuccess().StdOut);

        var scale = await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "--subresource=scale", "-o", "jsonpath={.kind} {.apiVersion} {.spec.replicas} {.status.selector}");
        Assert.Equal("Scale autoscaling/v1 3 app=web", scale.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task ScaleWithCurrentReplicas_PutsScaleWithoutContentType()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));
        (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess();

        Assert.Equal("deployment.apps/web scaled\n", (await kubectl.RunAsync("scale", "deployment", "web", "-n", ns, "--current-replicas=2", "--replicas=5")).EnsureSuccess().StdOut);
        Assert.Equal("5", (await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).EnsureSuccess().StdOut);

        var wrong = await kubectl.RunAsync("scale", "deployment", "web", "-n", ns, "--current-replicas=2", "--replicas=1");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal("5", (await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task GetSubresourceStatus_PrintsTheKindsTable()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        // Zero replicas: the deployment controller's status writes cannot change what the table shows.
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 0));
        (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess();

        var table = await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "--subresource=status");

        Assert.Equal("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/0     0            0           <age>\n", KubectlTable.MaskTrailingAge(table.EnsureSuccess().StdOut));
    }

    [Fact]
    public async Task PatchStatusSubresource_ChangesOnlyStatus()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        // A ClusterIP Service: no controller writes its status, so the patch alone decides what is stored.
        (await kubectl.RunAsync("create", "service", "clusterip", "web", "-n", ns, "--tcp=80:8080")).EnsureSuccess();

        var patched = await kubectl.RunAsync("patch", "service", "web", "-n", ns, "--subresource=status", "--type=merge",
            "-p", """{"spec":{"type":"NodePort"},"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}}""");

        Assert.Equal("service/web patched\n", patched.EnsureSuccess().StdOut);
        Assert.Equal("ClusterIP 192.0.2.10", (await kubectl.RunAsync("get", "service", "web", "-n", ns, "-o", "jsonpath={.spec.type} {.status.loadBalancer.ingress[0].ip}")).EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task Eviction_MarksThePodWithDisruptionTarget_BeforeDeletingIt()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        // A finalizer keeps the evicted pod visible, so what the eviction wrote can be read back.
        kubectl.WriteFile("held.yaml", $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: held, namespace: {{ns}}, finalizers: [example.com/hold]}
            spec: {containers: [{name: main, image: busybox}]}
            """);
        (await kubectl.RunAsync("apply", "-f", "held.yaml")).EnsureSuccess();

        var eviction = $$$"""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"held","namespace":"{{{ns}}}"}}""";
        var response = await fixture.Raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/held/eviction", eviction, "application/json", CancellationToken.None);
        Assert.Equal(201, response.StatusCode);

        var seen = await kubectl.RunAsync("get", "pod", "held", "-n", ns, "-o",
            "jsonpath={.status.conditions[?(@.type==\"DisruptionTarget\")].reason} {.metadata.deletionTimestamp}");
        var parts = seen.EnsureSuccess().StdOut.Split(' ');
        Assert.Equal("EvictionByEvictionAPI", parts[0]);
        Assert.NotEmpty(parts[1]);
        (await kubectl.RunAsync("patch", "pod", "held", "-n", ns, "--type=merge", "-p", """{"metadata":{"finalizers":null}}""")).EnsureSuccess();
    }
}
