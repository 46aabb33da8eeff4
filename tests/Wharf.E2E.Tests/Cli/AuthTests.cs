using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class AuthTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task CreateTokenDefault_PrintsJwt()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();

        var token = await kubectl.RunAsync("create", "token", "default", "-n", ns);

        Assert.Matches(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$", token.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task AuthCanICreatePods_Yes()
    {
        using var kubectl = fixture.Kubectl();

        var result = await kubectl.RunAsync("auth", "can-i", "create", "pods");

        Assert.Equal("yes\n", result.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task AuthWhoami_PrintsUser()
    {
        using var kubectl = fixture.Kubectl();

        var table = KubectlTable.Parse((await kubectl.RunAsync("auth", "whoami")).EnsureSuccess().StdOut);

        Assert.Equal(["ATTRIBUTE", "VALUE"], table.Headers);
        Assert.Contains(table.Rows, r => r["ATTRIBUTE"] == "Username" && r["VALUE"].Length > 0);
        Assert.Contains(table.Rows, r => r["ATTRIBUTE"] == "Groups" && r["VALUE"].Contains("system:masters"));
    }
}
