using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class DiscoveryTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task ExplainDeploymentSpec_PrintsHeaderAndFields()
    {
        using var kubectl = fixture.Kubectl();

        var result = await kubectl.RunAsync("explain", "deployment.spec");

        var text = result.EnsureSuccess().StdOut;
        Assert.StartsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: spec <DeploymentSpec>\n\n\nDESCRIPTION:\n", text);
        Assert.Contains("\nFIELDS:\n", text);
        Assert.Contains("\n  replicas\t<integer>\n", text);
        Assert.Contains("\n  selector\t<LabelSelector> -required-\n", text);
        Assert.Contains("\n  template\t<PodTemplateSpec> -required-\n", text);
    }

    [Theory]
    [InlineData("configmaps", "cm", "v1", "true", "ConfigMap")]
    [InlineData("namespaces", "ns", "v1", "false", "Namespace")]
    [InlineData("pods", "po", "v1", "true", "Pod")]
    [InlineData("services", "svc", "v1", "true", "Service")]
    [InlineData("deployments", "deploy", "apps/v1", "true", "Deployment")]
    [InlineData("customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", "false", "CustomResourceDefinition")]
    public async Task ApiResources_ListsShortNamesScopeAndKind(string name, string shortNames, string apiVersion, string namespaced, string kind)
    {
        using var kubectl = fixture.Kubectl();

        var table = KubectlTable.Parse((await kubectl.RunAsync("api-resources")).EnsureSuccess().StdOut);

        Assert.Equal(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], table.Headers);
        var row = table.Row(name);
        Assert.Equal(shortNames, row["SHORTNAMES"]);
        Assert.Equal(apiVersion, row["APIVERSION"]);
        Assert.Equal(namespaced, row["NAMESPACED"]);
        Assert.Equal(kind, row["KIND"]);
    }

    [Fact]
    public async Task ApiResources_FilteredByScopeAndGroup()
    {
        using var kubectl = fixture.Kubectl();

        var clusterScoped = (await kubectl.RunAsync("api-resources", "--namespaced=false", "-o", "name")).EnsureSuccess().StdOut.Split('\n');
        Assert.Contains("namespaces", clusterScoped);
        Assert.Contains("nodes", clusterScoped);
        Assert.DoesNotContain("configmaps", clusterScoped);

        var apps = (await kubectl.RunAsync("api-resources", "--api-group=apps", "-o", "name")).EnsureSuccess().StdOut;
        Assert.Equal("controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n", apps);
    }

    [Fact]
    public async Task ApiVersions_ListsCoreAndGroups()
    {
        using var kubectl = fixture.Kubectl();

        var versions = (await kubectl.RunAsync("api-versions")).EnsureSuccess().StdOut.TrimEnd('\n').Split('\n');

        Assert.Contains("v1", versions);
        Assert.Contains("apps/v1", versions);
        Assert.Contains("batch/v1", versions);
        Assert.Contains("apiextensions.k8s.io/v1", versions);
        Assert.Equal(versions.Order(StringComparer.Ordinal), versions);
    }

    [Fact]
    public async Task ConfigUseContext_SwitchesNamespaceOfLaterCommands()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "in-other", "-n", ns)).EnsureSuccess();
        var config = kubectl.WriteFile("config.yaml", File.ReadAllText(fixture.Server.KubeconfigPath));
        (await kubectl.RunAsync("--kubeconfig", config, "config", "set-context", "other", "--cluster=default", "--user=default", $"--namespace={ns}")).EnsureSuccess();

        var switched = await kubectl.RunAsync("--kubeconfig", config, "config", "use-context", "other");

        Assert.Equal("Switched to context \"other\".\n", switched.EnsureSuccess().StdOut);
        Assert.Equal("other\n", (await kubectl.RunAsync("--kubeconfig", config, "config", "current-context")).EnsureSuccess().StdOut);
        Assert.Equal("configmap/in-other\n", (await kubectl.RunAsync("--kubeconfig", config, "get", "configmaps", "--field-selector", SystemObjects.NotRootCaConfigMap, "-o", "name")).EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task UnknownResourceType_IsReportedByKubectl()
    {
        using var kubectl = fixture.Kubectl();

        var result = await kubectl.RunAsync("get", "foos");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: the server doesn't have a resource type \"foos\"\n", result.StdErr);
    }

    [Fact]
    public async Task Version_ReportsServerMinor32()
    {
        using var kubectl = fixture.Kubectl();

        var result = await kubectl.RunAsync("version", "-o", "json");

        var server = System.Text.Json.JsonDocument.Parse(result.EnsureSuccess().StdOut).RootElement.GetProperty("serverVersion");
        Assert.Equal("1", server.GetProperty("major").GetString());
        Assert.Equal("32", server.GetProperty("minor").GetString());
    }
}
