using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>Deletes: preconditions, finalizers, propagation policies and graceful pod termination.</summary>
public sealed class DeletionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<DeleteResult> DeleteAsync(StoreHarness h, string plural, string name, DeleteOptions? options = null) =>
        h.Store.DeleteAsync(h.Kind(plural), "default", name, options ?? new DeleteOptions(), None);

    [Fact]
    public async Task Delete_PlainObject_IsGoneAndReturnsLastState()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'},'data':{'a':'b'}}");
        var result = await DeleteAsync(h, "configmaps", "c");
        Assert.True(result.Deleted);
        Assert.Equal("b", (string)result.Object["data"]!["a"]!);
        Assert.Null(await h.TryGetAsync("configmaps", "default", "c"));
    }

    [Fact]
    public async Task Delete_Missing_IsNotFound()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => DeleteAsync(h, "configmaps", "c"));
        Assert.Equal((404, "configmaps \"c\" not found"), (error.Code, error.Message));
    }

    [Fact]
    public async Task Delete_WithFinalizer_MarksThenLastFinalizerRemovalDeletes()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c','finalizers':['example.com/a','example.com/b']}}");

        var marked = await DeleteAsync(h, "configmaps", "c");
        Assert.False(marked.Deleted);
        Assert.NotNull(marked.Object["metadata"]!["deletionTimestamp"]);
        Assert.Equal(0, marked.Object["metadata"]!["deletionGracePeriodSeconds"].Long());
        Assert.NotNull(await h.TryGetAsync("configmaps", "default", "c"));

        var kind = h.Kind("configmaps");
        await h.Store.GuaranteedUpdateAsync(kind, "default", "c", null, o => { o["metadata"]!["finalizers"] = new JsonArray("example.com/b"); return o; }, WriteOptions.Default, None);
        Assert.NotNull(await h.TryGetAsync("configmaps", "default", "c"));
        await h.Store.GuaranteedUpdateAsync(kind, "default", "c", null, o => { o["metadata"]!.AsObject().Remove("finalizers"); return o; }, WriteOptions.Default, None);
        Assert.Null(await h.TryGetAsync("configmaps", "default", "c"));
    }

    [Fact]
    public async Task Update_OfObjectBeingDeleted_KeepsDeletionTimestamp()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c','finalizers':['example.com/a']}}");
        var marked = await DeleteAsync(h, "configmaps", "c");
        var updated = await h.Store.GuaranteedUpdateAsync(h.Kind("configmaps"), "default", "c", null,
            o => { o["metadata"]!.AsObject().Remove("deletionTimestamp"); o["data"] = new JsonObject { ["x"] = "y" }; return o; }, WriteOptions.Default, None);
        Assert.Equal((string)marked.Object["metadata"]!["deletionTimestamp"]!, (string)updated["metadata"]!["deletionTimestamp"]!);
    }

    [Fact]
    public async Task Update_AddingFinalizerWhileDeleting_IsForbidden()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c','finalizers':['example.com/a']}}");
        await DeleteAsync(h, "configmaps", "c");
        var error = await Fails.StatusAsync(() => h.Store.GuaranteedUpdateAsync(h.Kind("configmaps"), "default", "c", null,
            o => { o["metadata"]!["finalizers"] = new JsonArray("example.com/a", "example.com/b"); return o; }, WriteOptions.Default, None));
        Assert.Equal(422, error.Code);
        Assert.Contains("metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/b\"}", error.Message);
    }

    [Theory]
    [InlineData("Foreground", "foregroundDeletion")]
    [InlineData("Orphan", "orphan")]
    public async Task Delete_PropagationPolicy_AddsItsFinalizer(string policy, string finalizer)
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("deployments", "default", "{'metadata':{'name':'d'},'spec':{'replicas':1,'selector':{'matchLabels':{'app':'d'}},'template':{'metadata':{'labels':{'app':'d'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}", group: "apps");
        var result = await h.Store.DeleteAsync(h.Kind("deployments", "apps"), "default", "d", new DeleteOptions { PropagationPolicy = policy }, None);
        Assert.False(result.Deleted);
        Assert.Equal([finalizer], result.Object["metadata"]!["finalizers"]!.AsArray().Select(f => (string)f!));
        Assert.NotNull(result.Object["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task Delete_BackgroundPolicy_DeletesAtOnce()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("deployments", "default", "{'metadata':{'name':'d'},'spec':{'replicas':1,'selector':{'matchLabels':{'app':'d'}},'template':{'metadata':{'labels':{'app':'d'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}", group: "apps");
        var result = await h.Store.DeleteAsync(h.Kind("deployments", "apps"), "default", "d", new DeleteOptions { PropagationPolicy = "Background" }, None);
        Assert.True(result.Deleted);
    }

    [Fact]
    public async Task Delete_UidPrecondition_Mismatch_IsConflictWithUpstreamMessage()
    {
        await using var h = await StoreHarness.OpenAsync();
        var created = await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}");
        var error = await Fails.StatusAsync(() => DeleteAsync(h, "configmaps", "c", new DeleteOptions { PreconditionUid = "other" }));
        Assert.Equal(409, error.Code);
        Assert.Equal($"Operation cannot be fulfilled on configmaps \"c\": Precondition failed: UID in precondition: other, UID in object meta: {created["metadata"]!["uid"]}", error.Message);
        Assert.NotNull(await h.TryGetAsync("configmaps", "default", "c"));
    }

    [Fact]
    public async Task Delete_ResourceVersionPrecondition_MatchDeletesMismatchConflicts()
    {
        await using var h = await StoreHarness.OpenAsync();
        var created = await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}");
        var rv = (string)created["metadata"]!["resourceVersion"]!;
        var error = await Fails.StatusAsync(() => DeleteAsync(h, "configmaps", "c", new DeleteOptions { PreconditionResourceVersion = "1" }));
        Assert.Equal($"Operation cannot be fulfilled on configmaps \"c\": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: {rv}", error.Message);
        Assert.True((await DeleteAsync(h, "configmaps", "c", new DeleteOptions { PreconditionResourceVersion = rv, PreconditionUid = (string)created["metadata"]!["uid"]! })).Deleted);
    }

    [Fact]
    public async Task Delete_UnboundPod_IsImmediate()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("pods", "default", StoreHarness.PodJson.Replace("NAME", "p"));
        Assert.True((await DeleteAsync(h, "pods", "p")).Deleted);
    }

    [Fact]
    public async Task Delete_BoundPod_IsGracefulThenZeroGraceDeletes()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("pods", "default", "{'metadata':{'name':'p'},'spec':{'nodeName':'n1','terminationGracePeriodSeconds':45,'containers':[{'name':'c','image':'i:1'}]}}");

        var marked = await DeleteAsync(h, "pods", "p");
        Assert.False(marked.Deleted);
        Assert.Equal(45, marked.Object["metadata"]!["deletionGracePeriodSeconds"].Long());
        var deletionTimestamp = DateTimeOffset.Parse((string)marked.Object["metadata"]!["deletionTimestamp"]!);
        Assert.InRange(deletionTimestamp - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(46));

        var longer = await DeleteAsync(h, "pods", "p", new DeleteOptions { GracePeriodSeconds = 100 });
        Assert.Equal(45, longer.Object["metadata"]!["deletionGracePeriodSeconds"].Long());

        var shorter = await DeleteAsync(h, "pods", "p", new DeleteOptions { GracePeriodSeconds = 10 });
        Assert.Equal(10, shorter.Object["metadata"]!["deletionGracePeriodSeconds"].Long());

        Assert.True((await DeleteAsync(h, "pods", "p", new DeleteOptions { GracePeriodSeconds = 0 })).Deleted);
        Assert.Null(await h.TryGetAsync("pods", "default", "p"));
    }

    [Fact]
    public async Task Delete_BoundPodWithExplicitGrace_UsesIt()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("pods", "default", "{'metadata':{'name':'p'},'spec':{'nodeName':'n1','containers':[{'name':'c','image':'i:1'}]}}");
        var marked = await DeleteAsync(h, "pods", "p", new DeleteOptions { GracePeriodSeconds = 5 });
        Assert.Equal(5, marked.Object["metadata"]!["deletionGracePeriodSeconds"].Long());
    }
}
