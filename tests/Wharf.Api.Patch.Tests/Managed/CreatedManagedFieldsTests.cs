using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Schema;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// <see cref="FieldManager.CreatedManagedFields"/> must give exactly what the full <see cref="FieldManager.Update"/>
/// writes for a create: each case tracks the same object both ways and compares the JSON text.
/// </summary>
public sealed class CreatedManagedFieldsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    private static readonly FieldSet StatusOnly = FieldSet.Of(FieldPath.Of("status"));
    private static readonly FieldSet SpecOnly = FieldSet.Of(FieldPath.Of("spec"));

    public static TheoryData<string, string, string> Cases => new()
    {
        { "deployment", "deployment", FieldManagerUpdateTests.Created },
        { "deployment with status, status ignored", "deployment-status-ignored",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':2},'status':{'replicas':1}}" },
        { "deployment with status, tracked", "deployment",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':2},'status':{'replicas':1}}" },
        { "status subresource manager ignores spec", "deployment-spec-ignored",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':2},'status':{'replicas':1}}" },
        { "pod with keyed lists of one and two keys", "pod",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'n','labels':{'a':'b'},'ownerReferences':[{'uid':'u','name':'o','kind':'K'}]},"
            + "'spec':{'containers':[{'name':'c','image':'i','ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':80,'protocol':'UDP'}],"
            + "'env':[{'name':'A','value':'1'}],'resources':{'limits':{'cpu':'1'}}}],'volumes':[{'name':'v','emptyDir':{}}],'restartPolicy':'Always'}}" },
        { "pod with a duplicated keyed item", "pod",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'a'},{'name':'c','image':'b'},{'name':'d'}]}}" },
        { "keyed item without its key degrades to a leaf", "pod",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[{'image':'a'}]}}" },
        { "set list with duplicates", "pod",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a/b','a/b','c/d']}}" },
        { "set list of objects degrades to a leaf", "pod",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':[{'x':1}]}}" },
        { "nulls, empty maps and empty lists", "pod",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','labels':{},'annotations':null},'spec':{'containers':[],'nodeSelector':{},'nodeName':null,'volumes':[{'name':'v','hostPath':{}}]},'status':{}}" },
        { "atomic map, atomic list and undeclared field", "pod",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'nodeSelector':{'k':'v'},'tolerations':[{'key':'k'}],'extra':{'a':{'b':1}}}}" },
        { "value of the wrong type for the schema", "pod",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','labels':'x'},'spec':{'containers':{'name':'c'}}}" },
        { "empty spec struct", "deployment",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{},'status':{}}" },
        { "only server-owned fields: no entry", "pod",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'n','uid':'u','creationTimestamp':'2026-01-01T00:00:00Z','generation':1}}" },
        { "untyped kind", "untyped",
            "{'apiVersion':'x.io/v1','kind':'Thing','metadata':{'name':'t','labels':{'a':'b'}},'spec':{'a':{'b':1},'list':[1,2],'empty':{}},'status':{},'data':{'k':'v'},'other':{}}" },
        { "untyped kind, no metadata", "untyped",
            "{'apiVersion':'x.io/v1','kind':'Thing','spec':'text'}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CreatedManagedFields_IsWhatUpdateWrites(string name, string manager, string json)
    {
        var (fieldManager, subresource) = Manager(manager);
        var owner = new FieldOwner("creator", "v1", T0, subresource);

        var full = fieldManager.Update(null, J.Obj(json), owner);
        var shortcut = J.Obj(json);
        if (fieldManager.CreatedManagedFields(shortcut, owner) is { } fields)
        {
            // As the field manager writes it: at the end of metadata, which is added when missing.
            if (shortcut["metadata"] is not JsonObject metadata)
            {
                shortcut["metadata"] = metadata = new JsonObject();
            }

            metadata["managedFields"] = fields;
        }

        Assert.True(full.ToJsonString() == shortcut.ToJsonString(), $"{name}:\n full     {full.ToJsonString()}\n shortcut {shortcut.ToJsonString()}");
    }

    [Fact]
    public void CreatedManagedFields_RefusesAnObjectWithManagedFields()
    {
        var manager = new FieldManager(TestSchemas.Pod);
        var obj = J.Obj("{'metadata':{'name':'p','managedFields':[]}}");

        Assert.Throws<ArgumentException>(() => manager.CreatedManagedFields(obj, new FieldOwner("m", "v1", T0)));
    }

    [Fact]
    public void CreatedManagedFields_LeavesTheObjectAlone()
    {
        var manager = new FieldManager(TestSchemas.Deployment);
        var obj = J.Obj(FieldManagerUpdateTests.Created);
        var before = obj.ToJsonString();

        Assert.NotNull(manager.CreatedManagedFields(obj, new FieldOwner("m", "apps/v1", T0)));
        Assert.Equal(before, obj.ToJsonString());
    }

    private static (FieldManager Manager, string? Subresource) Manager(string name) => name switch
    {
        "deployment" => (new FieldManager(TestSchemas.Deployment), null),
        "deployment-status-ignored" => (new FieldManager(TestSchemas.Deployment, new FieldManagerOptions { IgnoredFields = StatusOnly }), null),
        "deployment-spec-ignored" => (new FieldManager(TestSchemas.Deployment, new FieldManagerOptions { IgnoredFields = SpecOnly }), "status"),
        "pod" => (new FieldManager(TestSchemas.Pod), null),
        "untyped" => (new FieldManager((SchemaNode?)null), null),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
