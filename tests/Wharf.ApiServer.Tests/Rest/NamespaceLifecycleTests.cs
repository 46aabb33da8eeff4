using System.Text.Json.Nodes;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>Namespace deletion and the NamespaceLifecycle admission plugin.</summary>
public sealed class NamespaceLifecycleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Create_InMissingNamespace_IsNamespaceNotFound()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => h.CreateAsync("configmaps", "nope", "{'metadata':{'name':'c'}}"));
        Assert.Equal((404, "NotFound", "namespaces \"nope\" not found"), (error.Code, error.Reason, error.Message));
    }

    [Fact]
    public async Task Delete_Namespace_BecomesTerminatingAndStays()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateNamespaceAsync("team");
        var result = await h.Store.DeleteAsync(h.Kind("namespaces"), null, "team", new DeleteOptions(), None);
        Assert.False(result.Deleted);
        var ns = await h.GetAsync("namespaces", null, "team");
        Assert.Equal("Terminating", (string)ns["status"]!["phase"]!);
        Assert.NotNull(ns["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task Create_InTerminatingNamespace_IsForbiddenWithUpstreamMessage()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateNamespaceAsync("team");
        await h.Store.DeleteAsync(h.Kind("namespaces"), null, "team", new DeleteOptions(), None);

        var error = await Fails.StatusAsync(() => h.CreateAsync("configmaps", "team", "{'metadata':{'name':'c'}}"));
        Assert.Equal((403, "Forbidden"), (error.Code, error.Reason));
        Assert.Equal("configmaps \"c\" is forbidden: unable to create new content in namespace team because it is being terminated", error.Message);
        Assert.Null(await h.TryGetAsync("configmaps", "team", "c"));
    }

    [Theory]
    [InlineData("namespace deleted (marked terminating)", "delete")]
    [InlineData("namespace status set to Terminating by an update", "update")]
    public async Task Create_AfterNamespaceBecameTerminating_IsForbiddenThoughItWasSeenActive(string name, string how)
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateNamespaceAsync("team");
        await h.CreateAsync("configmaps", "team", "{'metadata':{'name':'first'}}"); // the namespace is now remembered as active
        if (how == "delete")
            await h.Store.DeleteAsync(h.Kind("namespaces"), null, "team", new DeleteOptions(), None);
        else
            await h.Store.GuaranteedUpdateAsync(h.Kind("namespaces"), null, "team", "status",
                o => { o["status"] = new JsonObject { ["phase"] = "Terminating" }; return o; }, WriteOptions.Default, None);

        var error = await Fails.StatusAsync(() => h.CreateAsync("configmaps", "team", "{'metadata':{'name':'second'}}"));
        Assert.True(error.Code == 403, $"{name}: {error.Code} {error.Message}");
    }

    [Fact]
    public async Task Create_AfterNamespaceWasRemovedAndCreatedAgain_Works()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateNamespaceAsync("team");
        await h.CreateAsync("configmaps", "team", "{'metadata':{'name':'first'}}");
        await h.Store.DeleteAsync(h.Kind("namespaces"), null, "team", new DeleteOptions(), None);
        await h.Store.GuaranteedUpdateAsync(h.Kind("namespaces"), null, "team", "finalize",
            o => { o["spec"]!["finalizers"] = new JsonArray(); return o; }, WriteOptions.Default, None);
        Assert.Equal(404, (await Fails.StatusAsync(() => h.CreateAsync("configmaps", "team", "{'metadata':{'name':'second'}}"))).Code);

        await h.CreateNamespaceAsync("team");
        await h.CreateAsync("configmaps", "team", "{'metadata':{'name':'third'}}");
        Assert.NotNull(await h.TryGetAsync("configmaps", "team", "third"));
    }

    [Fact]
    public async Task Create_EventInTerminatingNamespace_IsAllowed()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateNamespaceAsync("team");
        await h.Store.DeleteAsync(h.Kind("namespaces"), null, "team", new DeleteOptions(), None);
        await h.CreateAsync("events", "team", "{'metadata':{'name':'e'},'involvedObject':{'kind':'Pod','namespace':'team','name':'p'},'reason':'x'}");
        Assert.NotNull(await h.TryGetAsync("events", "team", "e"));
    }

    [Fact]
    public async Task Finalize_RemovingSpecFinalizersOfTerminatingNamespace_DeletesIt()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateNamespaceAsync("team");
        await h.Store.DeleteAsync(h.Kind("namespaces"), null, "team", new DeleteOptions(), None);
        await h.Store.GuaranteedUpdateAsync(h.Kind("namespaces"), null, "team", "finalize",
            o => { o["spec"]!["finalizers"] = new JsonArray(); return o; }, WriteOptions.Default, None);
        Assert.Null(await h.TryGetAsync("namespaces", null, "team"));
    }

    [Fact]
    public async Task Create_NamespaceWithDots_IsInvalidAsDns1123Label()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => h.CreateNamespaceAsync("a.b"));
        Assert.Equal(422, error.Code);
        Assert.StartsWith("Namespace \"a.b\" is invalid: metadata.name: Invalid value: \"a.b\": ", error.Message);
    }
}
