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
        var random = new RandomJson(managerName.Length * 7919);
        var written = WrittenLikeFieldSet(managerName, 2000, i => RandomObject(random), i => i % 3 == 0 ? "kubectl<client>" : "m");
        Assert.True(written is null or > 500, $"only {written} objects took the written path");
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
    public void GranularListsWithItems_AreWrittenByKeyAndValue()
    {
        var writer = new CreatedEntryWriter(new CreatedFieldsWriter(TestSchemas.Pod, null, FieldManager.ServerOwnedFields));
        var obj = J.Obj("{'metadata':{'name':'p','finalizers':['b/c','a/b']},'spec':{'containers':[{'name':'web','image':'i','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}");

        var fields = writer.TryWrite(obj, new FieldOwner("m", "v1", T0), out var refused);

        Assert.False(refused);
        Assert.Equal(
            """{"f:metadata":{"f:finalizers":{".":{},"v:\u0022a/b\u0022":{},"v:\u0022b/c\u0022":{}}},"f:spec":{"f:containers":{".":{},"k:{\u0022name\u0022:\u0022web\u0022}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\u0022containerPort\u0022:80,\u0022protocol\u0022:\u0022TCP\u0022}":{".":{},"f:containerPort":{},"f:protocol":{}}}}}}}""",
            fields![0]!["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public void DuplicatedKeys_TheItemIsOwnedOnlyAsItself_AsOnTheFieldSetPath()
    {
        // 80 and 80.0 are one key (protocol defaulted to TCP in both), and so are the two containers named d: duplicated items are owned as a whole, not descended into.
        var manager = new FieldManager(TestSchemas.Pod);
        var writer = new CreatedEntryWriter(new CreatedFieldsWriter(TestSchemas.Pod, null, FieldManager.ServerOwnedFields));
        var obj = J.Obj("{'spec':{'containers':[{'name':'c','ports':[{'containerPort':80,'name':'a'},{'containerPort':80.0}]},{'name':'d'},{'name':'d','image':'i'}]}}");
        var owner = new FieldOwner("m", "v1", T0);

        var fields = writer.TryWrite(obj, owner, out var refused);

        Assert.False(refused);
        Assert.Equal(
            """{"f:spec":{"f:containers":{".":{},"k:{\u0022name\u0022:\u0022c\u0022}":{".":{},"f:name":{},"f:ports":{".":{},"k:{\u0022containerPort\u0022:80,\u0022protocol\u0022:\u0022TCP\u0022}":{}}},"k:{\u0022name\u0022:\u0022d\u0022}":{}}}}""",
            fields![0]!["fieldsV1"]!.ToJsonString());
        Assert.Equal(Text(manager.CreatedManagedFieldsFromSet(obj, owner)), Text(fields));
    }

    [Theory]
    [InlineData("pod")]
    [InlineData("real-pod")]
    [InlineData("deployment")]
    public void RandomPodsWithKeyedLists_WrittenEntryIsTheFieldSetEntry(string managerName)
    {
        var random = new Random(managerName.Length * 104729);
        var written = WrittenLikeFieldSet(managerName, 1500, i => managerName == "deployment" ? RandomDeployment(random) : RandomPod(random), i => "m");
        Assert.True(written is null or > 1200, $"only {written} objects took the written path");
    }

    /// <summary>
    /// Creates <paramref name="count"/> objects and asserts that every one the writer does not refuse gets the field
    /// set path's entry, byte for byte; how many were written, or null without the manager's schema.
    /// </summary>
    private static int? WrittenLikeFieldSet(string managerName, int count, Func<int, JsonObject> next, Func<int, string> managerOf)
    {
        var (schema, ignored, subresource) = Manager(managerName);
        if (managerName.StartsWith("real-", StringComparison.Ordinal) && schema is null)
        {
            return null; // the generated schema is not there
        }

        var manager = new FieldManager(schema, new FieldManagerOptions { IgnoredFields = ignored });
        var writer = new CreatedEntryWriter(new CreatedFieldsWriter(schema, ignored, FieldManager.ServerOwnedFields));
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var obj = next(i);
            var owner = new FieldOwner(managerOf(i), "v1", T0.AddSeconds(i), subresource);
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

        return written;
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

    private static JsonObject RandomPod(Random r) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = RandomMeta(r),
        ["spec"] = RandomPodSpec(r),
    };

    private static JsonObject RandomDeployment(Random r) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = RandomMeta(r),
        ["spec"] = new JsonObject
        {
            ["replicas"] = r.Next(5),
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "a" } },
            ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "a" } }, ["spec"] = RandomPodSpec(r) },
        },
    };

    private static JsonObject RandomMeta(Random r)
    {
        var meta = new JsonObject { ["name"] = "p" + r.Next(100), ["namespace"] = "n", ["uid"] = "u" };
        if (r.Next(2) == 0)
        {
            meta["labels"] = new JsonObject { ["app"] = "a", ["pod-template-hash"] = "h" + r.Next(9) };
        }

        if (r.Next(3) == 0)
        {
            meta["finalizers"] = Items(r, 3, _ => JsonValue.Create(Pick(r, "a/b", "c/d", "e/f", "a/b")));
        }

        if (r.Next(3) == 0)
        {
            meta["ownerReferences"] = Items(r, 2, _ => new JsonObject { ["uid"] = Pick(r, "u1", "u2", "u1"), ["name"] = "o", ["kind"] = "ReplicaSet" });
        }

        return meta;
    }

    private static JsonObject RandomPodSpec(Random r)
    {
        var spec = new JsonObject { ["containers"] = Items(r, 3, _ => RandomContainer(r)) };
        if (r.Next(3) == 0)
        {
            spec["initContainers"] = Items(r, 2, _ => RandomContainer(r));
        }

        if (r.Next(2) == 0)
        {
            spec["volumes"] = Items(r, 3, _ => new JsonObject { ["name"] = Pick(r, "v1", "v2", "v3"), ["emptyDir"] = r.Next(2) == 0 ? new JsonObject() : new JsonObject { ["medium"] = "Memory" } });
        }

        if (r.Next(3) == 0)
        {
            spec["tolerations"] = Items(r, 2, _ => new JsonObject { ["key"] = "k", ["effect"] = "NoExecute" });
        }

        if (r.Next(2) == 0)
        {
            spec["nodeName"] = "node";
        }

        return spec;
    }

    private static JsonObject RandomContainer(Random r)
    {
        var container = new JsonObject { ["name"] = Pick(r, "web", "side", "init", "web", "x") };
        if (r.Next(8) == 0)
        {
            container.Remove("name"); // an item without its key: the list degrades to a leaf on both paths
        }

        container["image"] = "img";
        if (r.Next(2) == 0)
        {
            container["ports"] = Items(r, 3, _ =>
            {
                var port = new JsonObject { ["containerPort"] = Pick(r, 80, 443, 8080, 80) };
                if (r.Next(2) == 0)
                {
                    port["protocol"] = Pick(r, "TCP", "UDP");
                }

                if (r.Next(3) == 0)
                {
                    port["name"] = "http";
                }

                return port;
            });
        }

        if (r.Next(2) == 0)
        {
            container["env"] = Items(r, 4, _ => new JsonObject { ["name"] = Pick(r, "A", "B", "C", "A"), ["value"] = r.Next(3) == 0 ? "" : "v" });
        }

        if (r.Next(3) == 0)
        {
            container["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "10m", ["memory"] = "16Mi" } };
        }

        if (r.Next(4) == 0)
        {
            container["args"] = Items(r, 2, _ => JsonValue.Create("x"));
        }

        return container;
    }

    private static JsonArray Items(Random r, int max, Func<int, JsonNode?> item)
    {
        var list = new JsonArray();
        var count = r.Next(max + 1);
        for (var i = 0; i < count; i++)
        {
            list.Add(item(i));
        }

        return list;
    }

    private static T Pick<T>(Random r, params T[] values) => values[r.Next(values.Length)];

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
