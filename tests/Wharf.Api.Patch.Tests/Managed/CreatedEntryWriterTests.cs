using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Managed.Typed;
using Wharf.Api.Patch.Schema;
using Wharf.Api.Patch.Tests.Fuzz;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// The written managedFields of a create (<see cref="CreatedEntryWriter"/>) must be byte for byte what the field set
/// path gives, on every object it does not refuse; random objects pin the two together.
/// </summary>
public sealed class CreatedEntryWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    private static readonly string[] MetadataKeys =
        ["name", "namespace", "uid", "generation", "labels", "annotations", "finalizers", "ownerReferences", "resourceVersion", "creationTimestamp", "selfLink", "clusterName", "generateName"];

    private static readonly string[] OddKeys = ["a<b", "é", "q\"uote", "tab\t", "f:x", ".", "", "a.b/c", "😀"];

    public static TheoryData<string> Managers => ["pod", "deployment", "deployment-status-ignored", "deployment-spec-ignored", "untyped", "real-configmap", "real-pod"];

    [Theory]
    [MemberData(nameof(Managers))]
    public void RandomObjects_WrittenEntryIsTheFieldSetEntry(string managerName)
    {
        var (schema, ignored, subresource) = Manager(managerName);
        if (managerName.StartsWith("real-", StringComparison.Ordinal) && schema is null)
        {
            return; // the generated schema is not there
        }

        var manager = new FieldManager(schema, new FieldManagerOptions { IgnoredFields = ignored });
        var writer = new CreatedEntryWriter(new CreatedFieldsWriter(schema, ignored, FieldManager.ServerOwnedFields));
        var random = new RandomJson(managerName.Length * 7919);
        var written = 0;
        for (var i = 0; i < 2000; i++)
        {
            var obj = RandomObject(random);
            var owner = new FieldOwner(i % 3 == 0 ? "kubectl<client>" : "m", "v1", T0.AddSeconds(i), subresource);
            var expected = manager.CreatedManagedFieldsFromSet(obj, owner);
            var actual = writer.TryWrite(obj, owner, out var refused);
            if (refused)
            {
                continue;
            }

            written++;
            Assert.True(Text(expected) == Text(actual), $"{managerName} #{i} {obj.ToJsonString()}:\n set     {Text(expected)}\n written {Text(actual)}");
            Assert.True(Text(expected) == Text(manager.CreatedManagedFields(obj, owner)));
        }

        Assert.True(written > 500, $"only {written} objects took the written path");
    }

    [Fact]
    public void ConfigMapLikeObject_IsWrittenNotRefused()
    {
        var writer = new CreatedEntryWriter(new CreatedFieldsWriter(null, null, FieldManager.ServerOwnedFields));
        var obj = J.Obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'n','labels':{'b':'1','a':'2'}},'data':{'z':'1','k':'v'}}");

        var fields = writer.TryWrite(obj, new FieldOwner("m", "v1", T0), out var refused);

        Assert.False(refused);
        Assert.Equal(
            """[{"manager":"m","operation":"Update","apiVersion":"v1","time":"2026-11-26T07:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:k":{},"f:z":{}},"f:metadata":{"f:labels":{".":{},"f:a":{},"f:b":{}}}}}]""",
            fields!.ToJsonString());
    }

    [Fact]
    public void GranularListWithItems_IsRefused()
    {
        var writer = new CreatedEntryWriter(new CreatedFieldsWriter(TestSchemas.Pod, null, FieldManager.ServerOwnedFields));
        var obj = J.Obj("{'metadata':{'name':'p','finalizers':['a/b']}}");

        Assert.Null(writer.TryWrite(obj, new FieldOwner("m", "v1", T0), out var refused));
        Assert.True(refused);
    }

    [Fact]
    public void KindWhoseObjectsAreAllRefused_StillGetsTheFieldSetEntry_BeforeAndAfterTheShortcutIsSkipped()
    {
        var manager = new FieldManager(TestSchemas.Pod);
        for (var i = 0; i < FieldManager.ShortcutRefusalLimit * 2; i++)
        {
            var obj = J.Obj($"{{'metadata':{{'name':'p{i}','finalizers':['a/b','c/{i}']}},'spec':{{'nodeName':'n{i}'}}}}");
            var owner = new FieldOwner("m", "v1", T0.AddSeconds(i));

            Assert.Equal(Text(manager.CreatedManagedFieldsFromSet(obj, owner)), Text(manager.CreatedManagedFields(obj, owner)));
        }

        // Objects the shortcut would take give the same entry on the field-set path.
        var plain = J.Obj("{'metadata':{'name':'q','labels':{'a':'1'}},'spec':{'nodeName':'n'}}");
        Assert.Equal(Text(manager.CreatedManagedFieldsFromSet(plain, new FieldOwner("m", "v1", T0))), Text(manager.CreatedManagedFields(plain, new FieldOwner("m", "v1", T0))));
    }

    [Fact]
    public void OnlyServerOwnedFields_NoEntryAndNotRefused()
    {
        var writer = new CreatedEntryWriter(new CreatedFieldsWriter(TestSchemas.Pod, null, FieldManager.ServerOwnedFields));
        var obj = J.Obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'n','uid':'u'}}");

        Assert.Null(writer.TryWrite(obj, new FieldOwner("m", "v1", T0), out var refused));
        Assert.False(refused);
    }

    /// <summary>As the store writes it (the serializer's default escaping), and as the default ToJsonString does.</summary>
    private static string Text(JsonArray? fields) =>
        fields is null ? "null" : System.Text.Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(fields)) + "\n" + fields.ToJsonString();

    private static JsonObject RandomObject(RandomJson random)
    {
        var obj = random.Object(3);
        var r = random.Random;
        if (r.Next(4) > 0)
        {
            obj["apiVersion"] = r.Next(8) == 0 ? random.Value(2) : "v1";
            obj["kind"] = r.Next(8) == 0 ? random.Value(2) : "Thing";
        }

        if (r.Next(6) > 0)
        {
            var metadata = r.Next(10) == 0 ? random.Value(2) : new JsonObject();
            if (metadata is JsonObject m)
            {
                var count = r.Next(6);
                for (var i = 0; i < count; i++)
                {
                    m[MetadataKeys[r.Next(MetadataKeys.Length)]] = r.Next(5) == 0 ? random.Value(2) : "x";
                }

                m.Remove("managedFields");
            }

            obj["metadata"] = metadata;
        }

        foreach (var top in new[] { "spec", "status", "data" })
        {
            if (r.Next(2) == 0)
            {
                var value = r.Next(4) == 0 ? random.Value(3) : random.Object(3);
                if (value is JsonObject map && r.Next(2) == 0)
                {
                    map[OddKeys[r.Next(OddKeys.Length)]] = random.Value(1);
                }

                obj[top] = value;
            }
        }

        if (obj["metadata"] is JsonObject meta)
        {
            meta.Remove("managedFields");
        }

        return obj;
    }

    private static (SchemaNode? Schema, FieldSet? Ignored, string? Subresource) Manager(string name) => name switch
    {
        "pod" => (TestSchemas.Pod, null, null),
        "deployment" => (TestSchemas.Deployment, null, null),
        "deployment-status-ignored" => (TestSchemas.Deployment, FieldSet.Of(FieldPath.Of("status")), null),
        "deployment-spec-ignored" => (TestSchemas.Deployment, FieldSet.Of(FieldPath.Of("spec")), "status"),
        "untyped" => (null, null, null),
        "real-configmap" => (TestSchemas.Real?.FindKind("v1", "ConfigMap"), null, null),
        "real-pod" => (TestSchemas.Real?.FindKind("v1", "Pod"), FieldSet.Of(FieldPath.Of("status")), null),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
