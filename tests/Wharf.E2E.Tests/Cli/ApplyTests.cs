using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class ApplyTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private const string ServerSideApplied = "deployment.apps/web serverside-applied\n";

    /// <summary>
    /// Server-side applies that find <c>.spec.replicas</c> owned by another manager: (case, whether kubectl scale
    /// changes replicas first, the applying manager's flags, the owner the conflict names).
    /// </summary>
    public static TheoryData<string, bool, string[], string> ForeignReplicaOwners => new()
    {
        // Only manager "kubectl" is upgraded from client-side apply; another manager meets the client-side owner.
        { "other manager over client-side field", false, ["--field-manager=other"], "conflict with \"kubectl-client-side-apply\" using apps/v1" },
        // kubectl scale changed replicas after the client-side apply, so the upgrade to server-side apply does not
        // cover it: the field belongs to the scale subresource's manager.
        { "kubectl over scaled replicas", true, [], "conflict with \"kubectl\" with subresource \"scale\" using apps/v1" },
    };

    [Fact]
    public async Task ApplyTwice_CreatedThenUnchanged_ThenConfiguredOnChange()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));

        Assert.Equal("deployment.apps/web created\n", (await ApplyAsync(kubectl)).EnsureSuccess().StdOut);
        Assert.Equal("deployment.apps/web unchanged\n", (await ApplyAsync(kubectl)).EnsureSuccess().StdOut);

        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 4));
        Assert.Equal("deployment.apps/web configured\n", (await ApplyAsync(kubectl)).EnsureSuccess().StdOut);

        Assert.Equal("4", await ReplicasAsync(kubectl, ns));
        var lastApplied = await kubectl.RunAsync("get", "deployment", "web", "-n", ns,
            "-o", @"jsonpath={.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}");
        Assert.Contains("\"replicas\":4", lastApplied.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task ServerSideApply_CreatesThenReapplies()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));

        Assert.Equal(ServerSideApplied, (await ApplyAsync(kubectl, "--server-side")).EnsureSuccess().StdOut);
        Assert.Equal(ServerSideApplied, (await ApplyAsync(kubectl, "--server-side")).EnsureSuccess().StdOut);

        // Only the Apply entries: the deployment controller's status writes add entries of its own.
        var appliers = await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "--show-managed-fields",
            "-o", "jsonpath={.metadata.managedFields[?(@.operation==\"Apply\")].manager}");
        Assert.Equal("kubectl", appliers.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task ServerSideApply_AsKubectl_OverUnchangedClientSideField_TakesItWithoutConflict()
    {
        // Upstream upgrades client-side apply to server-side apply for manager "kubectl": a field whose live value
        // still equals last-applied-configuration changes hands instead of conflicting.
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        await ClientSideApplyThenRaiseReplicasAsync(kubectl, ns);

        var applied = await ApplyAsync(kubectl, "--server-side");

        Assert.Equal(ServerSideApplied, applied.EnsureSuccess().StdOut);
        Assert.Equal("3", await ReplicasAsync(kubectl, ns));
    }

    [Theory]
    [MemberData(nameof(ForeignReplicaOwners))]
    public async Task ServerSideApply_OverForeignReplicas_ConflictsUntilForced(string name, bool scaleFirst, string[] managerFlags, string conflictWith)
    {
        _ = name;
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        await ClientSideApplyThenRaiseReplicasAsync(kubectl, ns);
        if (scaleFirst) (await kubectl.RunAsync("scale", "deployment", "web", "-n", ns, "--replicas=4")).EnsureSuccess();

        var conflict = await ApplyAsync(kubectl, ["--server-side", .. managerFlags]);
        Assert.Equal(1, conflict.ExitCode);
        Assert.StartsWith($"error: Apply failed with 1 conflict: {conflictWith}: .spec.replicas\n", conflict.StdErr);
        Assert.Contains("--force-conflicts", conflict.StdErr);

        var forced = await ApplyAsync(kubectl, ["--server-side", .. managerFlags, "--force-conflicts"]);
        Assert.Equal(ServerSideApplied, forced.EnsureSuccess().StdOut);
        Assert.Equal("3", await ReplicasAsync(kubectl, ns));
    }

    /// <summary>Client-side applies web at 2 replicas, then rewrites web.yaml to ask for 3 (not yet applied).</summary>
    private static async Task ClientSideApplyThenRaiseReplicasAsync(Kubectl kubectl, string ns)
    {
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 2));
        (await ApplyAsync(kubectl)).EnsureSuccess();
        kubectl.WriteFile("web.yaml", Manifests.Deployment("web", ns, replicas: 3));
    }

    private static Task<KubectlResult> ApplyAsync(Kubectl kubectl, params string[] flags) =>
        kubectl.RunAsync(["apply", .. flags, "-f", "web.yaml"]);

    private static async Task<string> ReplicasAsync(Kubectl kubectl, string ns) =>
        (await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).EnsureSuccess().StdOut;
}
