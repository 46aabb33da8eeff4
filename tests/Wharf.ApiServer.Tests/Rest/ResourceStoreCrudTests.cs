using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>The generic verbs over a real store: create, get, list, update, patch (GuaranteedUpdate) and their errors.</summary>
public sealed class ResourceStoreCrudTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Create_SetsSystemMetadataAndGetReturnsIt()
    {
        await using var h = await StoreHarness.OpenAsync();
        var created = await h.CreateAsync("configmaps", "default",
            "{'metadata':{'name':'c','uid':'forged','resourceVersion':'999','selfLink':'x','deletionTimestamp':'2020-01-01T00:00:00Z'},'data':{'k':'v'}}");

        var meta = created["metadata"]!;
        Assert.Equal(("v1", "ConfigMap"), ((string)created["apiVersion"]!, (string)created["kind"]!));
        Assert.Equal("default", (string)meta["namespace"]!);
        Assert.NotEqual("forged", (string)meta["uid"]!);
        Assert.True(Guid.TryParse((string)meta["uid"]!, out _));
        Assert.NotEqual("999", (string)meta["resourceVersion"]!);
        Assert.Null(meta["deletionTimestamp"]);
        Assert.Null(meta["selfLink"]);
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", (string)meta["creationTimestamp"]!);

        var read = await h.GetAsync("configmaps", "default", "c");
        Assert.True(JsonNode.DeepEquals(created, read));
    }

    [Fact]
    public async Task Create_Twice_IsAlreadyExists()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}");
        var error = await Fails.StatusAsync(() => h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}"));
        Assert.Equal((409, "AlreadyExists", "configmaps \"c\" already exists"), (error.Code, error.Reason, error.Message));
    }

    [Fact]
    public async Task Create_NamespaceMismatch_IsBadRequest()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c','namespace':'other'}}"));
        Assert.Equal(400, error.Code);
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", error.Message);
    }

    [Fact]
    public async Task Create_InvalidName_Is422WithCause()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => h.CreateAsync("configmaps", "default", "{'metadata':{'name':'Bad_Name'}}"));
        Assert.Equal((422, "Invalid"), (error.Code, error.Reason));
        Assert.StartsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", error.Message);
        Assert.Empty((await h.Store.ListAsync(h.Kind("configmaps"), "default", new ListOptions(), None)).Items);
    }

    [Fact]
    public async Task Create_GenerateName_AppendsFiveCharactersFromUpstreamAlphabet()
    {
        await using var h = await StoreHarness.OpenAsync();
        var created = await h.CreateAsync("configmaps", "default", "{'metadata':{'generateName':'web-'}}");
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", (string)created["metadata"]!["name"]!);
        Assert.Equal("web-", (string)created["metadata"]!["generateName"]!);
    }

    [Fact]
    public async Task Get_Missing_IsNotFound()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => h.GetAsync("deployments", "default", "web", "apps"));
        Assert.Equal((404, "NotFound", "deployments.apps \"web\" not found"), (error.Code, error.Reason, error.Message));
    }

    [Fact]
    public async Task ResourceVersion_RisesWithEveryWrite()
    {
        await using var h = await StoreHarness.OpenAsync();
        var kind = h.Kind("configmaps");
        var v1 = long.Parse((string)(await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}"))["metadata"]!["resourceVersion"]!);
        var (updated, created) = await h.Store.UpdateAsync(kind, "default", "c", StoreHarness.ConfigMap("c", "{'k':'1'}"), null, WriteOptions.Default, None);
        var v2 = long.Parse((string)updated["metadata"]!["resourceVersion"]!);
        var patched = await h.Store.GuaranteedUpdateAsync(kind, "default", "c", null, o => { o["data"]!["k"] = "2"; return o; }, WriteOptions.Default, None);
        var v3 = long.Parse((string)patched["metadata"]!["resourceVersion"]!);

        Assert.False(created);
        Assert.True(v1 < v2 && v2 < v3, $"{v1} < {v2} < {v3}");
        Assert.Equal(v3, h.Storage.CurrentRevision);
    }

    [Fact]
    public async Task Update_StaleResourceVersion_IsConflict()
    {
        await using var h = await StoreHarness.OpenAsync();
        var kind = h.Kind("configmaps");
        var created = await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'},'data':{'k':'0'}}");
        var stale = created.DeepClone().AsObject();
        await h.Store.GuaranteedUpdateAsync(kind, "default", "c", null, o => { o["data"]!["k"] = "1"; return o; }, WriteOptions.Default, None);
        stale["data"]!["k"] = "2";

        var error = await Fails.StatusAsync(() => h.Store.UpdateAsync(kind, "default", "c", stale, null, WriteOptions.Default, None));
        Assert.Equal((409, "Conflict"), (error.Code, error.Reason));
        Assert.Equal("Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your changes to the latest version and try again", error.Message);
        Assert.Equal("1", (string)(await h.GetAsync("configmaps", "default", "c"))["data"]!["k"]!);
    }

    [Fact]
    public async Task Update_Missing_IsNotFound()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => h.Store.UpdateAsync(h.Kind("configmaps"), "default", "c", StoreHarness.ConfigMap("c"), null, WriteOptions.Default, None));
        Assert.Equal(404, error.Code);
    }

    [Fact]
    public async Task Update_NameMismatch_IsBadRequest()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}");
        var error = await Fails.StatusAsync(() => h.Store.UpdateAsync(h.Kind("configmaps"), "default", "c", StoreHarness.ConfigMap("d"), null, WriteOptions.Default, None));
        Assert.Equal((400, "the name of the object (d) does not match the name on the URL (c)"), (error.Code, error.Message));
    }

    [Fact]
    public async Task Update_KeepsUidAndCreationTimestamp()
    {
        await using var h = await StoreHarness.OpenAsync();
        var created = await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}");
        var (updated, _) = await h.Store.UpdateAsync(h.Kind("configmaps"), "default", "c", StoreHarness.ConfigMap("c", "{'a':'b'}"), null, WriteOptions.Default, None);
        Assert.Equal((string)created["metadata"]!["uid"]!, (string)updated["metadata"]!["uid"]!);
        Assert.Equal((string)created["metadata"]!["creationTimestamp"]!, (string)updated["metadata"]!["creationTimestamp"]!);
    }

    [Fact]
    public async Task Update_NoChange_KeepsResourceVersion()
    {
        await using var h = await StoreHarness.OpenAsync();
        var created = await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'},'data':{'a':'b'}}");
        var same = await h.Store.GuaranteedUpdateAsync(h.Kind("configmaps"), "default", "c", null, o => o, WriteOptions.Default, None);
        Assert.Equal((string)created["metadata"]!["resourceVersion"]!, (string)same["metadata"]!["resourceVersion"]!);
    }

    [Fact]
    public async Task GuaranteedUpdate_PatchCarryingOldResourceVersion_IsConflict()
    {
        await using var h = await StoreHarness.OpenAsync();
        var kind = h.Kind("configmaps");
        var created = await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}");
        var oldRv = (string)created["metadata"]!["resourceVersion"]!;
        await h.Store.GuaranteedUpdateAsync(kind, "default", "c", null, o => { o["data"] = new JsonObject { ["x"] = "1" }; return o; }, WriteOptions.Default, None);

        // A patch naming a resourceVersion makes it a precondition (PatchHandler passes it as requiredResourceVersion).
        var error = await Fails.StatusAsync(() => h.Store.GuaranteedUpdateAsync(kind, "default", "c", null,
            o => { o["data"] = new JsonObject { ["x"] = "2" }; return o; }, WriteOptions.Default, None, requiredResourceVersion: oldRv));
        Assert.Equal(409, error.Code);
    }

    [Fact]
    public async Task GuaranteedUpdate_ConcurrentWriters_AllApplied()
    {
        await using var h = await StoreHarness.OpenAsync();
        var kind = h.Kind("configmaps");
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'},'data':{}}");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => h.Store.GuaranteedUpdateAsync(kind, "default", "c", null,
            o => { o["data"]![$"k{i}"] = "v"; return o; }, WriteOptions.Default, None)));
        Assert.Equal(8, (await h.GetAsync("configmaps", "default", "c"))["data"]!.AsObject().Count);
    }

    [Fact]
    public async Task DryRun_Create_StoresNothing()
    {
        await using var h = await StoreHarness.OpenAsync();
        var before = h.Storage.CurrentRevision;
        var result = await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}", WriteOptions.Default with { DryRun = true });
        Assert.Equal("c", (string)result["metadata"]!["name"]!);
        Assert.Null(await h.TryGetAsync("configmaps", "default", "c"));
        Assert.Equal(before, h.Storage.CurrentRevision);
    }

    [Fact]
    public async Task DryRun_UpdateAndDelete_StoreNothing()
    {
        await using var h = await StoreHarness.OpenAsync();
        var kind = h.Kind("configmaps");
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'},'data':{'a':'1'}}");
        var before = h.Storage.CurrentRevision;
        var dry = WriteOptions.Default with { DryRun = true };

        var patched = await h.Store.GuaranteedUpdateAsync(kind, "default", "c", null, o => { o["data"]!["a"] = "2"; return o; }, dry, None);
        await h.Store.DeleteAsync(kind, "default", "c", new DeleteOptions { DryRun = true }, None);

        Assert.Equal("2", (string)patched["data"]!["a"]!);
        Assert.Equal("1", (string)(await h.GetAsync("configmaps", "default", "c"))["data"]!["a"]!);
        Assert.Equal(before, h.Storage.CurrentRevision);
    }

    [Fact]
    public async Task Status_MainResourceIgnoresStatusAndStatusSubresourceOnlyStatus()
    {
        await using var h = await StoreHarness.OpenAsync();
        var kind = h.Kind("deployments", "apps");
        await h.CreateAsync("deployments", "default", "{'metadata':{'name':'d'},'spec':{'replicas':1,'selector':{'matchLabels':{'app':'d'}},'template':{'metadata':{'labels':{'app':'d'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}},'status':{'replicas':7}}", group: "apps");

        var viaMain = await h.Store.GuaranteedUpdateAsync(kind, "default", "d", null, o => { o["status"] = new JsonObject { ["replicas"] = 3 }; return o; }, WriteOptions.Default, None);
        Assert.Null(viaMain["status"]?["replicas"]);

        var viaStatus = await h.Store.GuaranteedUpdateAsync(kind, "default", "d", "status",
            o => { o["status"] = new JsonObject { ["replicas"] = 3 }; o["spec"]!["replicas"] = 5; return o; }, WriteOptions.Default, None);
        Assert.Equal(3, viaStatus["status"]!["replicas"].Long());
        Assert.Equal(1, viaStatus["spec"]!["replicas"].Long());
        Assert.Equal(1, viaStatus["metadata"]!["generation"].Long());

        var specChange = await h.Store.GuaranteedUpdateAsync(kind, "default", "d", null, o => { o["spec"]!["replicas"] = 2; return o; }, WriteOptions.Default, None);
        Assert.Equal(2, specChange["metadata"]!["generation"].Long());
        Assert.Equal(3, specChange["status"]!["replicas"].Long());
    }

    [Fact]
    public async Task ClusterScoped_CreateDropsNamespace()
    {
        await using var h = await StoreHarness.OpenAsync();
        var created = await h.Store.CreateAsync(h.Kind("priorityclasses", "scheduling.k8s.io"), null,
            Json.Obj("{'metadata':{'name':'high'},'value':1000}"), WriteOptions.Default, None);
        Assert.Null(created["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task List_FiltersByLabelAndFieldSelector()
    {
        await using var h = await StoreHarness.OpenAsync();
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'a','labels':{'app':'x'}}}");
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'b','labels':{'app':'y'}}}");
        await h.CreateAsync("configmaps", "default", "{'metadata':{'name':'c'}}");
        var kind = h.Kind("configmaps");

        var byLabel = await h.Store.ListAsync(kind, "default", new ListOptions { LabelSelector = Wharf.ApiServer.Rest.Selectors.LabelSelector.Parse("app!=x") }, None);
        var byName = await h.Store.ListAsync(kind, null, new ListOptions { FieldSelector = Wharf.ApiServer.Rest.Selectors.FieldSelector.Parse("metadata.name=b", "", "configmaps") }, None);

        Assert.Equal(["b", "c"], byLabel.Items.Select(i => (string)i["metadata"]!["name"]!));
        Assert.Equal(["b"], byName.Items.Select(i => (string)i["metadata"]!["name"]!));
        Assert.All(byLabel.Items, i => Assert.Equal("ConfigMap", (string)i["kind"]!));
    }
}
