using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Rest;

namespace Wharf.Client.Tests.Cache;

/// <summary>
/// Reading an object's bytes straight into a <see cref="MetadataProjection"/>: the kept members as a parse would
/// give them, in the projection's order, and nothing else built, whatever else the object holds.
/// </summary>
public sealed class ProjectionConverterTests
{
    private static readonly MetadataProjection Projection = new("name", "namespace", "uid", "resourceVersion", "ownerReferences", "finalizers");

    private static JsonObject Read(string json) =>
        JsonSerializer.Deserialize<JsonObject>(Encoding.UTF8.GetBytes(json), Projection.ReaderOptions)!;

    [Theory]
    [InlineData("whole object",
        """{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs","namespace":"ns","uid":"u1","resourceVersion":"7","generation":3,"labels":{"app":"a"},"managedFields":[{"manager":"m","fieldsV1":{"f:spec":{}}}],"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"u0","controller":true,"blockOwnerDeletion":true}],"finalizers":["foregroundDeletion"]},"spec":{"replicas":2},"status":{"replicas":2}}""",
        """{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs","namespace":"ns","uid":"u1","resourceVersion":"7","ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"u0","controller":true,"blockOwnerDeletion":true}],"finalizers":["foregroundDeletion"]}}""")]
    [InlineData("members in another order",
        """{"metadata":{"finalizers":["f"],"resourceVersion":"9","name":"n"},"data":{"k":"v"},"kind":"ConfigMap","apiVersion":"v1"}""",
        """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"n","resourceVersion":"9","finalizers":["f"]}}""")]
    [InlineData("no type, no metadata",
        """{"spec":{}}""",
        """{"apiVersion":null,"kind":null,"metadata":{}}""")]
    [InlineData("metadata not an object",
        """{"apiVersion":"v1","kind":"K","metadata":null}""",
        """{"apiVersion":"v1","kind":"K","metadata":{}}""")]
    [InlineData("a kept member that is null is left out",
        """{"apiVersion":"v1","kind":"K","metadata":{"name":"n","uid":null,"finalizers":null}}""",
        """{"apiVersion":"v1","kind":"K","metadata":{"name":"n"}}""")]
    [InlineData("escaped names and strings",
        """{"apiVers\u0069on":"v1","kind":"K","metadata":{"n\u0061me":"caf\u00e9 \"q\"","labels":{"x\u0041":"\ud83d\ude00"},"uid":"\u0075"}}""",
        """{"apiVersion":"v1","kind":"K","metadata":{"name":"café \"q\"","uid":"u"}}""")]
    [InlineData("unknown members of every kind",
        """{"apiVersion":"v1","x":[1,{"y":[true,null,2.5e3]}],"kind":"K","metadata":{"z":{"a":{"b":[[]]}},"name":"n","n2":-1,"t":false}}""",
        """{"apiVersion":"v1","kind":"K","metadata":{"name":"n"}}""")]
    [InlineData("repeated names keep the last",
        """{"kind":"A","kind":"B","metadata":{"name":"old","uid":"gone"},"metadata":{"name":"n","name":"m"}}""",
        """{"apiVersion":null,"kind":"B","metadata":{"name":"m"}}""")]
    public void Read_KeepsTypeAndTheNamedMetadataInOrder(string label, string json, string expected)
    {
        _ = label;

        var read = Read(json);

        Assert.Equal(expected, read.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void Read_KeptValuesReadAsAParseReadsThem()
    {
        var read = Read("""{"apiVersion":"v1","kind":"K","metadata":{"name":"n","ownerReferences":[{"uid":"u","controller":true,"n":12345678901234}]}}""");

        var owner = read["metadata"]!["ownerReferences"]![0]!;
        Assert.True(owner["controller"]!.GetValue<bool>());
        Assert.Equal(12345678901234L, owner["n"]!.GetValue<long>());
        Assert.Equal("n", read["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, read["kind"]!.GetValueKind());
    }

    [Fact]
    public void Read_BigAndDeeplyNestedUnknownValues_AreSkipped()
    {
        var deep = new string('[', 60) + new string(']', 60);
        var big = new string('x', 200_000);
        var managedFields = "[" + string.Join(",", Enumerable.Repeat("""{"f":{"g":[1,2,{"h":"i"}]}}""", 2000)) + "]";
        var read = Read($$"""{"apiVersion":"v1","kind":"K","spec":{{deep}},"metadata":{"annotations":{"a":"{{big}}"},"managedFields":{{managedFields}},"name":"n"},"status":"{{big}}"}""");

        Assert.Equal("""{"apiVersion":"v1","kind":"K","metadata":{"name":"n"}}""", read.ToJsonString());
    }

    [Fact]
    public void Read_BigKeptValue_IsKeptWhole()
    {
        var finalizers = Enumerable.Range(0, 5000).Select(i => $"example.com/f{i}").ToArray();
        var json = """{"apiVersion":"v1","kind":"K","metadata":{"name":"n","finalizers":""" + JsonSerializer.Serialize(finalizers) + "}}";

        var read = Read(json);

        Assert.Equal(finalizers, read["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Theory]
    [InlineData("truncated", """{"apiVersion":"v1","metadata":{"name":"n" """)]
    [InlineData("not an object", """["apiVersion"]""")]
    [InlineData("bad token in a skipped member", """{"apiVersion":"v1","spec":{"a":tru},"metadata":{}}""")]
    [InlineData("bad token in a kept member", """{"metadata":{"name":nope}}""")]
    public void Read_MalformedJson_Throws(string label, string json)
    {
        _ = label;

        Assert.ThrowsAny<JsonException>(() => Read(json));
    }

    [Fact]
    public void ParseEvent_ReadsTheEventObjectIntoTheProjection_ErrorsKeepTheirStatus()
    {
        var added = TypedJson.ParseEvent<JsonObject>("""{"type":"ADDED","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"a","labels":{"l":"v"}}}}"""u8, Projection.ReaderOptions);
        var error = TypedJson.ParseEvent<JsonObject>("""{"type":"ERROR","object":{"kind":"Status","code":410,"metadata":{}}}"""u8, Projection.ReaderOptions);

        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal("""{"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadata","metadata":{"name":"a"}}""", added.Object!.ToJsonString());
        Assert.Equal(410, error.Status!["code"]!.GetValue<int>());
    }

    [Fact]
    public void Read_OfAMetadataEvent_AllocatesLessThanHalfOfTheWholeTree()
    {
        // A ConfigMap's PartialObjectMetadata as the garbage collector's monitor receives it: most bytes are labels
        // and managedFields, which the projection skips unread.
        var line = """{"type":"MODIFIED","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"cm-000123","namespace":"bench","uid":"6f1c2a4e-1b2c-4d5e-8f90-123456789abc","resourceVersion":"1234567","creationTimestamp":"2026-11-27T08:00:00Z","labels":{"app":"bench"},"managedFields":[{"manager":"bench","operation":"Update","apiVersion":"v1","time":"2026-11-27T08:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:key":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}]}}}"""u8.ToArray();
        var wholeTree = JsonTreeConverter.Options(skipManagedFields: false);

        var projected = BytesPerCall(() => TypedJson.ParseEvent<JsonObject>(line, Projection.ReaderOptions));
        var whole = BytesPerCall(() => TypedJson.ParseEvent<JsonObject>(line, wholeTree));

        Assert.True(projected * 2 < whole, $"projection {projected} B, whole tree {whole} B per event");
    }

    private static long BytesPerCall(Action action)
    {
        for (var i = 0; i < 100; i++) action(); // warm: type info, pooled names
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) action();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
    }

    [Theory]
    [InlineData("a member named twice", new[] { "name", "namespace", "resourceVersion", "name" })]
    [InlineData("no resourceVersion (the reflector resumes from it, a relist compares it)", new[] { "name", "namespace" })]
    [InlineData("no name (the cache key)", new[] { "namespace", "resourceVersion" })]
    [InlineData("no namespace (the cache key)", new[] { "name", "resourceVersion" })]
    public void New_RefusesAProjectionTheInformerCannotWorkWith(string label, string[] members)
    {
        _ = label;

        Assert.Throws<ArgumentException>(() => new MetadataProjection(members));
    }
}
