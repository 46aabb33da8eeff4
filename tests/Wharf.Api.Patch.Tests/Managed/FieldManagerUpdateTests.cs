using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

public sealed class FieldManagerUpdateTests
{
    internal const string Created = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default','uid':'u1','labels':{'app':'web'}},'spec':{'replicas':1,'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx'}]}}}}";

    internal static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FieldManager _manager = new(TestSchemas.Deployment);

    [Fact]
    public void Create_RecordsCreatorWithUpstreamFieldsV1()
    {
        var stored = _manager.Update(null, J.Obj(Created), new FieldOwner("kubectl-create", "apps/v1", T0));

        var entry = Assert.Single(ManagedFieldsAssert.Entries(stored));
        Assert.Equal(("kubectl-create", "Update", "apps/v1", "2025-01-01T00:00:00Z", "FieldsV1"),
            (entry.Manager, entry.Operation, entry.ApiVersion, entry.Time, entry.FieldsType));
        ManagedFieldsAssert.FieldsEqual(
            "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:containers':{'.':{},'k:{\\'name\\':\\'c1\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}",
            entry);
    }

    [Theory]
    [InlineData("replicas changed", "{'spec':{'replicas':3}}", ".spec.replicas")]
    [InlineData("label added", "{'metadata':{'labels':{'tier':'fe'}}}", ".metadata.labels.tier")]
    [InlineData("image changed", "{'spec':{'template':{'spec':{'containers':[{'name':'c1','image':'nginx:2'}]}}}}", ".spec.template.spec.containers[name=\"c1\"].image")]
    public void Update_MovesChangedFieldsToTheWriter(string name, string mergePatch, string path)
    {
        _ = name;
        var live = _manager.Update(null, J.Obj(Created), new FieldOwner("kubectl-create", "apps/v1", T0));
        var updated = (JsonObject)Wharf.Api.Patch.MergePatch.JsonMergePatch.Apply(live, J.Parse(mergePatch))!;

        var stored = _manager.Update(live, updated, new FieldOwner("kubectl-edit", "apps/v1", T0.AddMinutes(1)));

        ManagedFieldsAssert.Owns(stored, "kubectl-edit", "Update", path);
        ManagedFieldsAssert.DoesNotOwn(stored, "kubectl-create", "Update", path);
    }

    [Fact]
    public void Update_RemovedFieldLeavesEveryOwner()
    {
        var live = _manager.Update(null, J.Obj(Created), new FieldOwner("kubectl-create", "apps/v1", T0));
        var updated = (JsonObject)Wharf.Api.Patch.MergePatch.JsonMergePatch.Apply(live, J.Parse("{'metadata':{'labels':{'app':null}}}"))!;

        var stored = _manager.Update(live, updated, new FieldOwner("kubectl-label", "apps/v1", T0.AddMinutes(1)));

        ManagedFieldsAssert.DoesNotOwn(stored, "kubectl-create", "Update", ".metadata.labels.app");
        Assert.DoesNotContain(ManagedFieldsAssert.Entries(stored), e => e.Manager == "kubectl-label");
    }

    [Fact]
    public void Update_WithoutChangeKeepsEntriesAndTimes()
    {
        var live = _manager.Update(null, J.Obj(Created), new FieldOwner("kubectl-create", "apps/v1", T0));
        var stored = _manager.Update(live, (JsonObject)live.DeepClone(), new FieldOwner("kubectl-replace", "apps/v1", T0.AddHours(1)));
        Assert.Equal(live["metadata"]!["managedFields"]!.ToJsonString(), stored["metadata"]!["managedFields"]!.ToJsonString());
    }

    [Fact]
    public void Update_ServerOwnedMetadataIsNeverOwned()
    {
        var live = _manager.Update(null, J.Obj(Created), new FieldOwner("kubectl-create", "apps/v1", T0));
        var updated = (JsonObject)live.DeepClone();
        updated["metadata"]!["resourceVersion"] = "42";
        updated["metadata"]!["generation"] = 2;
        var stored = _manager.Update(live, updated, new FieldOwner("other", "apps/v1", T0));
        Assert.DoesNotContain(ManagedFieldsAssert.Entries(stored), e => e.Manager == "other");
    }

    [Fact]
    public void Update_UntrackedExistingObjectStaysUntracked()
    {
        var live = J.Obj(Created);
        var updated = (JsonObject)live.DeepClone();
        updated["spec"]!["replicas"] = 5;
        var stored = _manager.Update(live, updated, new FieldOwner("kubectl-edit", "apps/v1", T0));
        Assert.Null(stored["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Update_SubresourceIsPartOfTheIdentity()
    {
        var manager = new FieldManager(TestSchemas.Deployment, new FieldManagerOptions { IgnoredFields = FieldSet.Of(FieldPath.Of("spec"), FieldPath.Of("metadata")) });
        var live = _manager.Update(null, J.Obj(Created), new FieldOwner("kubectl-create", "apps/v1", T0));
        var updated = (JsonObject)live.DeepClone();
        updated["status"] = J.Parse("{'replicas':1}");
        updated["spec"]!["replicas"] = 9;

        var stored = manager.Update(live, updated, new FieldOwner("kube-controller-manager", "apps/v1", T0, "status"));

        var entry = ManagedFieldsAssert.Single(stored, "kube-controller-manager", "Update");
        Assert.Equal("status", entry.Subresource);
        Assert.Equal([".status.replicas"], ManagedFieldsAssert.Paths(entry).Where(p => p.StartsWith(".status.", StringComparison.Ordinal)).ToArray());
        Assert.DoesNotContain(".spec.replicas", ManagedFieldsAssert.Paths(entry));
    }

    [Fact]
    public void Update_InvalidManagedFieldsInRequestFallBackToLive()
    {
        var live = _manager.Update(null, J.Obj(Created), new FieldOwner("kubectl-create", "apps/v1", T0));
        var updated = (JsonObject)live.DeepClone();
        updated["metadata"]!["managedFields"] = J.Parse("[{'manager':'x','operation':'Bogus','apiVersion':'v1','fieldsType':'FieldsV1'}]");
        var stored = _manager.Update(live, updated, new FieldOwner("kubectl-edit", "apps/v1", T0));
        ManagedFieldsAssert.Single(stored, "kubectl-create", "Update");
    }

    [Fact]
    public void Update_CapsUpdateManagersIntoAncientChanges()
    {
        var manager = new FieldManager(TestSchemas.Deployment, new FieldManagerOptions { MaxUpdateManagers = 3 });
        var current = manager.Update(null, J.Obj(Created), new FieldOwner("m0", "apps/v1", T0));
        for (var i = 1; i <= 4; i++)
        {
            var next = (JsonObject)current.DeepClone();
            next["metadata"]!["labels"]![$"l{i}"] = "v";
            current = manager.Update(current, next, new FieldOwner($"m{i}", "apps/v1", T0.AddMinutes(i)));
        }

        var managers = ManagedFieldsAssert.Entries(current).Select(e => e.Manager).ToArray();
        Assert.Equal(3, managers.Length);
        Assert.Contains(FieldManager.AncientChangesManager, managers);
        Assert.Contains("m4", managers);
    }
}
