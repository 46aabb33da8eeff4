using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class ReplaceEditDeleteTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task Replace_ThenSameFileWithStaleResourceVersion_Conflicts()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns, "--from-literal=k=v1")).EnsureSuccess();
        var live = (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "yaml")).EnsureSuccess().StdOut;
        var file = kubectl.WriteFile("c1.yaml", live.Replace("k: v1", "k: v2"));

        Assert.Equal("configmap/c1 replaced\n", (await kubectl.RunAsync("replace", "-f", file)).EnsureSuccess().StdOut);
        Assert.Equal("v2", (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "jsonpath={.data.k}")).EnsureSuccess().StdOut);

        // The file still carries the resourceVersion read before the first replace.
        var stale = await kubectl.RunAsync("replace", "-f", file);
        Assert.Equal(1, stale.ExitCode);
        Assert.Equal($"Error from server (Conflict): error when replacing \"{file}\": Operation cannot be fulfilled on configmaps \"c1\": the object has been modified; please apply your changes to the latest version and try again\n", stale.StdErr);
    }

    [Fact]
    public async Task Edit_WithSedAsEditor_Saves_AndNoChangeIsCancelled()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns, "--from-literal=k=before")).EnsureSuccess();
        var editor = kubectl.WriteFile("editor.sh", "#!/bin/sh\nsed -i 's/^  k: before$/  k: after/' \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var withEditor = new KubectlOptions { Environment = new Dictionary<string, string> { ["KUBE_EDITOR"] = editor } };

        var edited = await kubectl.RunAsync(["edit", "configmap", "c1", "-n", ns], withEditor, CancellationToken.None);
        Assert.Equal("configmap/c1 edited\n", edited.EnsureSuccess().StdOut);
        Assert.Equal("after", (await kubectl.RunAsync("get", "configmap", "c1", "-n", ns, "-o", "jsonpath={.data.k}")).EnsureSuccess().StdOut);

        // The sed no longer matches: the buffer comes back unchanged.
        var cancelled = await kubectl.RunAsync(["edit", "configmap", "c1", "-n", ns], withEditor, CancellationToken.None);
        Assert.Equal(0, cancelled.ExitCode);
        Assert.Equal("Edit cancelled, no changes made.\n", cancelled.StdErr);
    }

    [Fact]
    public async Task Delete_ThenGet_NotFound_ThenDeleteAgain_NotFound()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        (await kubectl.RunAsync("create", "configmap", "c1", "-n", ns)).EnsureSuccess();

        Assert.Equal("configmap \"c1\" deleted\n", (await kubectl.RunAsync("delete", "configmap", "c1", "-n", ns)).EnsureSuccess().StdOut);

        var get = await kubectl.RunAsync("get", "configmap", "c1", "-n", ns);
        Assert.Equal("Error from server (NotFound): configmaps \"c1\" not found\n", get.StdErr);
        var again = await kubectl.RunAsync("delete", "configmap", "c1", "-n", ns);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("Error from server (NotFound): configmaps \"c1\" not found\n", again.StdErr);
    }

    [Fact]
    public async Task DeleteBySelector_RemovesOnlyMatches()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        foreach (var name in new[] { "a", "b", "c" })
            (await kubectl.RunAsync("create", "configmap", name, "-n", ns)).EnsureSuccess();
        (await kubectl.RunAsync("label", "configmap", "a", "b", "-n", ns, "doomed=yes")).EnsureSuccess();

        var deleted = await kubectl.RunAsync("delete", "configmaps", "-n", ns, "-l", "doomed=yes");
        Assert.Equal("configmap \"a\" deleted\nconfigmap \"b\" deleted\n", deleted.EnsureSuccess().StdOut);
        Assert.Equal("configmap/c\n", (await kubectl.RunAsync("get", "configmaps", "-n", ns, "--field-selector", SystemObjects.NotRootCaConfigMap, "-o", "name")).EnsureSuccess().StdOut);
    }
}
