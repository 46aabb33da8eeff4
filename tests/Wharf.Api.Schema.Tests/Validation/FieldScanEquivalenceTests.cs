using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Schema.Validation;

namespace Wharf.Api.Schema.Tests.Validation;

/// <summary>
/// The one-pass scan over bytes, the scan of a parsed element and the walk over an in-memory object give the
/// findings a walk over the parsed document gives (<see cref="DocumentWalkOracle"/>), in the same order.
/// </summary>
public sealed class FieldScanEquivalenceTests
{
    private const string Deployment = "io.k8s.api.apps.v1.Deployment";
    private const string Pod = "io.k8s.api.core.v1.Pod";
    private const string ConfigMap = "io.k8s.api.core.v1.ConfigMap";
    private const string Crd = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition";
    private static readonly string LongName = new('x', 300);

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "good deployment", Deployment, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}]}}}}""" },
        { "unknown at every depth", Deployment, """{"a":1,"metadata":{"b":{"x":[1,2]},"labels":{"k":"v"}},"spec":{"c":[],"template":{"spec":{"containers":[{"name":"x","d":{"e":1}},{"name":"y","ports":[{"f":1},{"containerPort":1,"g":null}]}]}}}}""" },
        { "duplicates of known fields and map keys", Pod, """{"metadata":{"name":"a","name":"b","labels":{"x":"1","y":"2","x":"3"},"annotations":{"x":"1"}},"spec":{"containers":[{"name":"a","image":"i","image":"j"}],"nodeSelector":{"k":"1","k":"2"}}}""" },
        { "a repeated unknown field is unknown only", Pod, """{"spec":{"foo":1,"foo":2,"containers":[]},"foo":3,"foo":4}""" },
        { "escaped names", Pod, "{\"sp\\u0065c\":{\"containers\":[{\"n\\u0061me\":\"a\",\"na\\u006de\":\"b\"}]},\"a\\u0000b\":1,\"q\\\"t\":2,\"\\u00e9t\\u00e9\":3}" },
        { "long names", ConfigMap, "{\"data\":{\"" + LongName + "\":\"1\",\"" + LongName + "\":\"2\"},\"" + LongName + "\":1,\"metadata\":{\"labels\":{\"" + LongName + "y\":\"1\"}}}" },
        { "config map", ConfigMap, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"n"},"data":{"a":"1","b":"2","a":"3"},"binaryData":{"z":"AA=="},"immutable":false}""" },
        { "opaque values", Deployment, """{"spec":{"strategy":{"rollingUpdate":{"maxSurge":{"x":1},"maxUnavailable":[1,{"y":2}]}},"template":{"metadata":{"creationTimestamp":{"t":1}}}},"metadata":{"managedFields":[{"manager":"m","fieldsV1":{"f:spec":{"f:x":{}}},"bogus":1}]}}""" },
        { "wrong shapes", Pod, """{"spec":{"containers":{"name":"a","foo":1},"volumes":"x","nodeSelector":[{"a":1}]},"metadata":[{"foo":1}],"status":null}""" },
        { "recursive schemas", Crd, """{"spec":{"group":"g","versions":[{"name":"v1","schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"properties":{"a":{"type":"string","bogus":1,"items":{"schema":{"x":1}}}},"bogus2":[]}}}}}]}}""" },
        { "empty body and empty objects", Pod, """{}""" },
        { "top-level scalar", Pod, "42" },
        { "top-level array", Pod, """[{"foo":1}]""" },
        { "more than a hundred findings", ConfigMap, "{" + string.Join(",", Enumerable.Range(0, 130).Select(i => $"\"u{i}\":{i}")) + "}" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Scan_FindsWhatTheDocumentWalkFinds(string name, string definition, string json)
    {
        _ = name;
        var expected = DocumentWalkOracle.Validate(ApiSchema.Default, json, definition);
        Assert.Equal(expected, FieldValidator.Default.Validate(Encoding.UTF8.GetBytes(json), definition));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(expected, FieldValidator.Default.Validate(document.RootElement, definition));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void ObjectWalk_FindsWhatItsSerialisationWouldShow(string name, string definition, string json)
    {
        _ = name;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return; // A body with repeated keys is not an object in memory.
        }
        if (node is not JsonObject obj) return;
        var serialised = obj.ToJsonString();
        Assert.Equal(DocumentWalkOracle.Validate(ApiSchema.Default, serialised, definition), FieldValidator.Default.Validate(obj, definition));
    }

    [Fact]
    public void ObjectWalk_ValueWrappingRawStructure_IsCheckedThroughItsText()
    {
        var spec = new Dictionary<string, object> { ["containers"] = Array.Empty<int>(), ["bogus"] = 1 };
        var obj = new JsonObject { ["spec"] = JsonValue.Create(spec), ["foo"] = 1 };
        Assert.Equal(["unknown field \"spec.bogus\"", "unknown field \"foo\""], FieldValidator.Default.Validate(obj, Pod));
    }
}
