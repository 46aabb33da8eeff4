using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class SelectorTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>, IAsyncLifetime
{
    // a: env=prod tier=fe · b: env=dev · c: env=qa tier=be · d: no labels; the namespace also holds the unlabelled
    // kube-root-ca.crt, which the selector tests leave out by name and the paging test lists like any other.
    private string _ns = "";

    public async Task InitializeAsync()
    {
        _ns = await fixture.CreateNamespaceAsync("sel");
        using var kubectl = fixture.Kubectl();
        foreach (var name in new[] { "a", "b", "c", "d" })
            (await kubectl.RunAsync("create", "configmap", name, "-n", _ns)).EnsureSuccess();
        (await kubectl.RunAsync("label", "configmap", "a", "-n", _ns, "env=prod", "tier=fe")).EnsureSuccess();
        (await kubectl.RunAsync("label", "configmap", "b", "-n", _ns, "env=dev")).EnsureSuccess();
        (await kubectl.RunAsync("label", "configmap", "c", "-n", _ns, "env=qa", "tier=be")).EnsureSuccess();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("equals", "env=prod", "a")]
    [InlineData("double-equals", "env==prod", "a")]
    [InlineData("not-equals", "env!=prod", "b c d")]
    [InlineData("in", "env in (prod,dev)", "a b")]
    [InlineData("notin", "env notin (prod,dev)", "c d")]
    [InlineData("exists", "tier", "a c")]
    [InlineData("not-exists", "!tier", "b d")]
    [InlineData("and", "env,!tier", "b")]
    [InlineData("no-match", "env=none", "")]
    public async Task LabelSelector_EachOperator(string caseName, string selector, string expected)
    {
        using var kubectl = fixture.Kubectl();

        var result = await kubectl.RunAsync("get", "configmaps", "-n", _ns, "-l", selector, "--field-selector", SystemObjects.NotRootCaConfigMap,
            "-o", "jsonpath={.items[*].metadata.name}");

        Assert.True(result.ExitCode == 0, $"{caseName}: {result}");
        Assert.Equal(expected, result.StdOut);
    }

    [Fact]
    public async Task LabelSelector_NoMatch_TablePrintsNoResources()
    {
        using var kubectl = fixture.Kubectl();

        var result = await kubectl.RunAsync("get", "configmaps", "-n", _ns, "-l", "env=none");

        Assert.Equal("", result.EnsureSuccess().StdOut);
        Assert.Equal($"No resources found in {_ns} namespace.\n", result.StdErr);
    }

    [Theory]
    [InlineData("name-equals", "metadata.name=b", "b")]
    [InlineData("name-not-equals", "metadata.name!=b", "a c d")]
    [InlineData("namespace-and-name", "metadata.namespace=NS,metadata.name==c", "c")]
    public async Task FieldSelector_MetadataFields(string caseName, string selector, string expected)
    {
        using var kubectl = fixture.Kubectl();

        var result = await kubectl.RunAsync("get", "configmaps", "-n", _ns, "--field-selector", $"{selector.Replace("NS", _ns)},{SystemObjects.NotRootCaConfigMap}",
            "-o", "jsonpath={.items[*].metadata.name}");

        Assert.True(result.ExitCode == 0, $"{caseName}: {result}");
        Assert.Equal(expected, result.StdOut);
    }

    [Fact]
    public async Task FieldSelector_UnsupportedPodField_IsBadRequest()
    {
        using var kubectl = fixture.Kubectl();

        var result = await kubectl.RunAsync("get", "pods", "-n", _ns, "--field-selector", "spec.foo=bar");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", field selector \"spec.foo=bar\": field label not supported: spec.foo\n", result.StdErr);
    }

    [Fact]
    public async Task FieldSelector_UnsupportedConfigMapField_IsBadRequest()
    {
        var response = await fixture.Raw.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{_ns}/configmaps?fieldSelector=data.foo%3Db", null, null, CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("BadRequest", response.Json.GetProperty("reason").GetString());
        Assert.Contains("data.foo", response.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ChunkSize_PagesWithLimitAndContinue_ListsEverything()
    {
        using var kubectl = fixture.Kubectl();

        var result = await kubectl.RunAsync("get", "configmaps", "-n", _ns, "--chunk-size=1", "-v=6");

        var table = KubectlTable.Parse(result.EnsureSuccess().StdOut);
        Assert.Equal(["a", "b", "c", "d", SystemObjects.RootCaConfigMap], table.Rows.Select(r => r["NAME"]));
        var requests = result.StdErr.Split('\n').Where(l => l.Contains($"/namespaces/{_ns}/configmaps?")).ToList();
        Assert.Equal(5, requests.Count);
        Assert.Contains("configmaps?limit=1 200 OK", requests[0]);
        Assert.All(requests.Skip(1), r => Assert.Matches(@"configmaps\?continue=[^&\s]+&limit=1 200 OK", r));
    }
}
