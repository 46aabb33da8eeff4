using System.Text.Json;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class GetOutputTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task OutputYaml_HasKindMetadataAndData()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns, "--from-literal=k=v")).EnsureSuccess();

        var yaml = (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "yaml")).EnsureSuccess().StdOut;

        Assert.StartsWith("apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  creationTimestamp: \"", yaml);
        Assert.Contains("\n  name: c1\n", yaml);
        Assert.Contains($"\n  namespace: {ns}\n", yaml);
        Assert.Matches(@"\n  resourceVersion: ""\d+""\n", yaml);
        Assert.Matches(@"\n  uid: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n", yaml);
    }

    [Fact]
    public async Task OutputJson_SingleObjectAndList()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns, "--from-literal=k=v")).EnsureSuccess();
        (await kubectl.RunAsync("create", "configmap", "c2", "-n", ns)).EnsureSuccess();

        var one = JsonDocument.Parse((await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "json")).EnsureSuccess().StdOut).RootElement;
        Assert.Equal("ConfigMap", one.GetProperty("kind").GetString());
        Assert.Equal("v1", one.GetProperty("apiVersion").GetString());
        Assert.Equal("v", one.GetProperty("data").GetProperty("k").GetString());

        var list = JsonDocument.Parse((await kubectl.RunAsync("get", "configmaps", "-n", ns, "--field-selector", SystemObjects.NotRootCaConfigMap, "-o", "json")).EnsureSuccess().StdOut).RootElement;
        Assert.Equal("List", list.GetProperty("kind").GetString());
        Assert.Equal(["c1", "c2"], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.Equal("ConfigMap", i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task OutputWide_Deployment_HasPriorityColumns()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));
        (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess();

        var normal = KubectlTable.Parse((await kubectl.RunAsync("get", "deployments", "-n", ns)).EnsureSuccess().StdOut);
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], normal.Headers);

        var wide = KubectlTable.Parse((await kubectl.RunAsync("get", "deployments", "-n", ns, "-o", "wide")).EnsureSuccess().StdOut);
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], wide.Headers);
        var row = wide.Row("web");
        Assert.Equal("0/2", row["READY"]);
        Assert.Equal("c1,c2", row["CONTAINERS"]);
        Assert.Equal("nginx:1.27,busybox:1.36", row["IMAGES"]);
        Assert.Equal("app=web", row["SELECTOR"]);
        Assert.True(KubectlTable.IsAge(row["AGE"]), row["AGE"]);
    }

    [Fact]
    public async Task OutputNameAndJsonPath()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));
        (await kubectl.RunAsync("apply", "-f", "web.yaml")).EnsureSuccess();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns)).EnsureSuccess();

        Assert.Equal("deployment.apps/web\n", (await kubectl.RunAsync("get", "deployments", "-n", ns, "-o", "name")).EnsureSuccess().StdOut);
        Assert.Equal("configmap/c1\n", (await kubectl.RunAsync("get", "configmaps", "-n", ns, "--field-selector", SystemObjects.NotRootCaConfigMap, "-o", "name")).EnsureSuccess().StdOut);
        Assert.Equal("web:2", (await kubectl.RunAsync("get", "deployments", "-n", ns, "-o", "jsonpath={.items[0].metadata.name}:{.items[0].spec.replicas}")).EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task ShowLabels_AddsLabelsColumn()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns)).EnsureSuccess();
        (await kubectl.RunAsync("create", "configmap", "c2", "-n", ns)).EnsureSuccess();
        (await kubectl.RunAsync("label", "configmap", "c1", "-n", ns, "app=web", "tier=fe")).EnsureSuccess();

        var table = (await kubectl.RunAsync("get", "configmaps", "-n", ns, "--field-selector", SystemObjects.NotRootCaConfigMap, "--show-labels")).EnsureSuccess().StdOut;

        Assert.Matches(@"^NAME   DATA   AGE   LABELS\nc1     0      \d+s    app=web,tier=fe\nc2     0      \d+s    <none>\n$", table);
    }

    [Fact]
    public async Task AllNamespaces_AddsNamespaceColumn()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "only-here", "-n", ns)).EnsureSuccess();

        var table = KubectlTable.Parse((await kubectl.RunAsync("get", "configmaps", "-A")).EnsureSuccess().StdOut);

        Assert.Equal(["NAMESPACE", "NAME", "DATA", "AGE"], table.Headers);
        Assert.Equal(ns, table.Row("only-here")["NAMESPACE"]);
    }
}
