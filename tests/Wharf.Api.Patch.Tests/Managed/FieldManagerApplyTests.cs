using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

public sealed class FieldManagerApplyTests
{
    private const string Config = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web'}},'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx','ports':[{'containerPort':80}]}]}}}}";

    private static readonly DateTimeOffset T0 = FieldManagerUpdateTests.T0;

    private readonly FieldManager _manager = new(TestSchemas.Deployment);

    private JsonObject Applied(JsonObject? live, string config, string manager = "kubectl", bool force = false)
    {
        var result = _manager.Apply(live, J.Obj(config), new FieldOwner(manager, "apps/v1", T0), force);
        Assert.False(result.HasConflicts, result.ConflictMessage);
        return result.Object!;
    }

    private static string With(string config, string mergePatch) =>
        Wharf.Api.Patch.MergePatch.JsonMergePatch.Apply(J.Parse(config), J.Parse(mergePatch))!.ToJsonString().Replace('"', '\'');

    [Fact]
    public void Apply_CreatesObjectOwnedByApplier()
    {
        var result = _manager.Apply(null, J.Obj(Config), new FieldOwner("kubectl", "apps/v1", T0), force: false);

        Assert.True(result.Changed);
        J.Equal(Config, WithoutManagedFields(result.Object!));
        var entry = Assert.Single(ManagedFieldsAssert.Entries(result.Object!));
        Assert.Equal(("kubectl", "Apply", "apps/v1", "2025-01-01T00:00:00Z"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.Time));
        ManagedFieldsAssert.FieldsEqual(
            "{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:containers':{'k:{\\'name\\':\\'c1\\'}':{'.':{},'f:image':{},'f:name':{},'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}}}}}}}",
            entry);
    }

    [Fact]
    public void Apply_ConflictWithUpdateManagerReportsUpstreamMessage()
    {
        var live = new FieldManager(TestSchemas.Deployment).Update(null, J.Obj(Config), new FieldOwner("kubectl-client-side-apply", "apps/v1", T0));

        var result = _manager.Apply(live, J.Obj(With(Config, "{'spec':{'replicas':3}}")), new FieldOwner("kubectl", "apps/v1", T0), force: false);

        Assert.True(result.HasConflicts);
        Assert.Null(result.Object);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas", result.ConflictMessage);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(("conflict with \"kubectl-client-side-apply\" using apps/v1", ".spec.replicas", "FieldManagerConflict"),
            (conflict.Message, conflict.Field, ApplyConflict.CauseReason));
    }

    [Fact]
    public void Apply_ConflictsWithSeveralFieldsListThemByManager()
    {
        var first = Applied(null, Config, "alice");
        var result = _manager.Apply(first, J.Obj(With(Config, "{'spec':{'replicas':5,'template':{'spec':{'containers':[{'name':'c1','image':'httpd'}]}}}}")), new FieldOwner("bob", "apps/v1", T0), force: false);

        Assert.Equal(2, result.Conflicts.Count);
        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"alice\":\n- .spec.replicas\n- .spec.template.spec.containers[name=\"c1\"].image", result.ConflictMessage);
    }

    [Fact]
    public void Apply_ForceTakesOwnership()
    {
        var live = new FieldManager(TestSchemas.Deployment).Update(null, J.Obj(Config), new FieldOwner("kubectl-client-side-apply", "apps/v1", T0));

        var stored = Applied(live, With(Config, "{'spec':{'replicas':3}}"), force: true);

        J.Equal("3", stored["spec"]!["replicas"]);
        ManagedFieldsAssert.Owns(stored, "kubectl", "Apply", ".spec.replicas");
        ManagedFieldsAssert.DoesNotOwn(stored, "kubectl-client-side-apply", "Update", ".spec.replicas");
    }

    [Fact]
    public void Apply_SameValueIsSharedWithoutConflict()
    {
        var live = Applied(null, Config, "alice");
        var stored = Applied(live, Config, "bob");
        ManagedFieldsAssert.Owns(stored, "alice", "Apply", ".spec.replicas");
        ManagedFieldsAssert.Owns(stored, "bob", "Apply", ".spec.replicas");
    }

    [Fact]
    public void Apply_DroppedFieldIsRemoved()
    {
        var live = Applied(null, With(Config, "{'metadata':{'labels':{'tier':'fe'}}}"));
        var stored = Applied(live, Config);
        J.Equal("{'app':'web'}", stored["metadata"]!["labels"]);
        ManagedFieldsAssert.DoesNotOwn(stored, "kubectl", "Apply", ".metadata.labels.tier");
    }

    [Fact]
    public void Apply_DroppedFieldOwnedByAnotherManagerStays()
    {
        var live = Applied(null, With(Config, "{'metadata':{'labels':{'tier':'fe'}}}"), "alice");
        live = Applied(live, With(Config, "{'metadata':{'labels':{'tier':'fe'}}}"), "bob");
        var stored = Applied(live, Config, "alice");
        J.Equal("{'app':'web','tier':'fe'}", stored["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_KeyedListItemsFromTwoManagersCoexistAndAreRemovedByTheirOwner()
    {
        var sidecar = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'template':{'spec':{'containers':[{'name':'sidecar','image':'envoy'}]}}}}";
        var live = Applied(null, Config, "alice");
        live = Applied(live, sidecar, "bob");
        Assert.Equal(["c1", "sidecar"], Names(live));

        var stored = Applied(live, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'}}", "bob");
        Assert.Equal(["c1"], Names(stored));
    }

    [Fact]
    public void Apply_AtomicListConflictsAsAWhole()
    {
        var manager = new FieldManager(TestSchemas.Pod);
        var pod = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'args':['a']}}";
        var live = manager.Apply(null, J.Obj(pod), new FieldOwner("alice", "v1", T0), false).Object!;
        var result = manager.Apply(live, J.Obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'args':['b']}}"), new FieldOwner("bob", "v1", T0), false);
        Assert.Equal(".spec.args", Assert.Single(result.Conflicts).Field);
    }

    [Fact]
    public void Apply_SetListItemsAreOwnedPerValue()
    {
        var manager = new FieldManager(TestSchemas.Pod);
        var live = manager.Apply(null, J.Obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a']}}"), new FieldOwner("alice", "v1", T0), false).Object!;
        live = manager.Apply(live, J.Obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['b']}}"), new FieldOwner("bob", "v1", T0), false).Object!;
        J.Equal("['a','b']", live["metadata"]!["finalizers"]);
        ManagedFieldsAssert.Owns(live, "bob", "Apply", ".metadata.finalizers[=\"b\"]");

        var stored = manager.Apply(live, J.Obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'}}"), new FieldOwner("alice", "v1", T0), false).Object!;
        J.Equal("['b']", stored["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_PortWithoutProtocolMatchesDefaultedLivePort()
    {
        var live = new FieldManager(TestSchemas.Deployment).Update(null, J.Obj(With(Config, "{'spec':{'template':{'spec':{'containers':[{'name':'c1','image':'nginx','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}}}")), new FieldOwner("creator", "apps/v1", T0));
        var stored = Applied(live, Config);
        J.Equal("[{'containerPort':80,'protocol':'TCP'}]", stored["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]);
    }

    [Fact]
    public void Apply_NoOpReportsUnchanged()
    {
        var live = Applied(null, Config);
        var result = _manager.Apply(live, J.Obj(Config), new FieldOwner("kubectl", "apps/v1", T0.AddHours(1)), false);
        Assert.False(result.Changed);
        Assert.Equal(live.ToJsonString(), result.Object!.ToJsonString());
    }

    [Fact]
    public void Apply_OnUntrackedObjectRecordsBeforeFirstApply()
    {
        var live = J.Obj(With(Config, "{'metadata':{'uid':'u1','annotations':{'note':'x'}}}"));
        var stored = Applied(live, Config);
        ManagedFieldsAssert.Owns(stored, FieldManager.BeforeFirstApplyManager, "Update", ".metadata.annotations.note");
        ManagedFieldsAssert.Single(stored, "kubectl", "Apply");
    }

    [Fact]
    public void Apply_KubectlMigrationAllowsConflictsMatchingLastApplied()
    {
        var lastApplied = J.Obj(Config);
        var csa = J.Obj(Config);
        csa["metadata"]!["annotations"] = new JsonObject { [FieldManager.LastAppliedAnnotation] = lastApplied.ToJsonString() };
        var live = new FieldManager(TestSchemas.Deployment).Update(null, csa, new FieldOwner("kubectl-client-side-apply", "apps/v1", T0));

        var stored = Applied(live, With(Config, "{'spec':{'replicas':4}}"));

        J.Equal("4", stored["spec"]!["replicas"]);
        var annotation = stored["metadata"]!["annotations"]![FieldManager.LastAppliedAnnotation]!.GetValue<string>();
        Assert.Contains("\"replicas\":4", annotation);
        Assert.EndsWith("\n", annotation);
    }

    [Theory]
    [InlineData("managedFields in config", "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','managedFields':[]}}", 400, "metadata.managedFields must be nil")]
    [InlineData("wrong apiVersion", "{'apiVersion':'apps/v2','kind':'Deployment','metadata':{'name':'web'}}", 400, "Incorrect version specified in apply patch. Specified patch version: apps/v2, expected: apps/v1")]
    [InlineData("duplicate keyed items", "{'apiVersion':'apps/v1','kind':'Deployment','spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'a'}]}}}}", 422, "duplicate entries for key [name=\"a\"]")]
    [InlineData("keyed item without key", "{'apiVersion':'apps/v1','kind':'Deployment','spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}", 422, "omits all key fields")]
    public void Apply_RejectsUnusableConfiguration(string name, string config, int status, string messagePart)
    {
        _ = name;
        var ex = Assert.Throws<PatchException>(() => _manager.Apply(null, J.Obj(config), new FieldOwner("kubectl", "apps/v1", T0), false));
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains(messagePart, ex.Message);
    }

    [Fact]
    public void Apply_DoesNotMutateInputs()
    {
        var live = Applied(null, Config, "alice");
        var config = J.Obj(With(Config, "{'spec':{'replicas':7}}"));
        var before = live.ToJsonString() + config.ToJsonString();
        _manager.Apply(live, config, new FieldOwner("bob", "apps/v1", T0), force: true);
        Assert.Equal(before, live.ToJsonString() + config.ToJsonString());
    }

    private static string[] Names(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToArray();

    private static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        ((JsonObject)copy["metadata"]!).Remove("managedFields");
        return copy;
    }
}
