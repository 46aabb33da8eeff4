using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Api.Protobuf.Tests.Decoding;

/// <summary>Types whose upstream JSON is not "an object of their fields", built on the wire by hand.</summary>
public sealed class WellKnownTypeTests
{
    private const long Nov25 = 1_795_641_461; // 2026-11-25T21:17:41Z

    [Fact]
    public void Decode_TimeAndMicroTime_AreRfc3339Strings()
    {
        // core/v1 Event: 1 metadata, 6 firstTimestamp (Time), 10 eventTime (MicroTime), 8 count.
        var raw = new ProtoWriter()
            .Message(1, m => m.String(1, "e").Message(8, t => t.Varint(1, Nov25).Varint(2, 0)))
            .Message(6, t => t.Varint(1, Nov25).Varint(2, 999_999_999))
            .Message(10, t => t.Varint(1, Nov25).Varint(2, 123_456_789))
            .Message(7, _ => { })
            .Varint(8, 0)
            .ToArray();

        var ev = KubernetesProtobuf.Decode(ProtoWriter.Envelope("v1", "Event", raw));

        Assert.Equal("2026-11-25T21:17:41Z", ev["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.Equal("2026-11-25T21:17:41Z", ev["firstTimestamp"]!.GetValue<string>());
        Assert.Equal("2026-11-25T21:17:41.123456Z", ev["eventTime"]!.GetValue<string>());
        Assert.True(ev.ContainsKey("lastTimestamp"));
        Assert.Null(ev["lastTimestamp"]); // an empty Time is Go's zero time: JSON null
        Assert.False(ev.ContainsKey("count")); // int32 omitempty, zero
    }

    [Fact]
    public void Decode_IntOrStringAndQuantity_AreNumberOrString()
    {
        // core/v1 Service spec.ports[]: 3 port, 4 targetPort (IntOrString); ResourceQuota spec.hard map of Quantity.
        var service = new ProtoWriter()
            .Message(2, spec => spec.Message(1, port => port.Varint(3, 80).Message(4, t => t.Varint(1, 0).Varint(2, 8080).String(3, ""))))
            .ToArray();
        var quota = new ProtoWriter()
            .Message(2, spec => spec.MapEntry(1, "cpu", v => v.Message(2, q => q.String(1, "500m"))).MapEntry(1, "pods", _ => { }))
            .ToArray();

        var decodedService = KubernetesProtobuf.Decode(ProtoWriter.Envelope("v1", "Service", service));
        var decodedQuota = KubernetesProtobuf.Decode(ProtoWriter.Envelope("v1", "ResourceQuota", quota));

        Assert.Equal(8080, decodedService["spec"]!["ports"]![0]!["targetPort"]!.GetValue<long>());
        Assert.Equal("500m", decodedQuota["spec"]!["hard"]!["cpu"]!.GetValue<string>());
        Assert.Equal("0", decodedQuota["spec"]!["hard"]!["pods"]!.GetValue<string>());
    }

    [Fact]
    public void Decode_RawExtensionAndFieldsV1_EmbedTheirJson()
    {
        // apps/v1 ControllerRevision: 2 data (RawExtension), 3 revision; ObjectMeta 17 managedFields, entry 7 fieldsV1.
        var raw = new ProtoWriter()
            .Message(1, m => m.String(1, "rev").Message(17, e => e.String(1, "kubectl").Message(7, f => f.String(1, "{\"f:spec\":{}}"))))
            .Message(2, d => d.String(1, "{\"spec\":{\"replicas\":3}}"))
            .Varint(3, 2)
            .ToArray();

        var revision = KubernetesProtobuf.Decode(ProtoWriter.Envelope("apps/v1", "ControllerRevision", raw));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"spec\":{\"replicas\":3}}"), revision["data"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"f:spec\":{}}"), revision["metadata"]!["managedFields"]![0]!["fieldsV1"]));
        Assert.Equal(2, revision["revision"]!.GetValue<long>());
    }

    [Fact]
    public void Decode_RawExtensionWithBrokenJson_IsADecodeError()
    {
        var raw = new ProtoWriter().Message(2, d => d.String(1, "{not json")).ToArray();

        var error = Assert.Throws<ProtobufDecodeException>(() =>
            KubernetesProtobuf.Decode(ProtoWriter.Envelope("apps/v1", "ControllerRevision", raw)));
        Assert.Contains("RawExtension", error.Message);
    }

    [Fact]
    public void Decode_JsonSchemaProps_UsesUpstreamJsonNamesAndUnionShapes()
    {
        // CRD spec 7 versions[] → 4 schema (CustomResourceValidation) → 1 openAPIV3Schema (JSONSchemaProps).
        var schema = new ProtoWriter()
            .String(3, "#/definitions/x")                                        // $ref
            .String(5, "object")                                                 // type
            .Message(8, j => j.String(1, "{\"a\":1}"))                           // default (JSON)
            .Message(24, a => a.Message(1, s => s.String(5, "string")))          // items: one schema
            .Message(30, b => b.Varint(1, 1))                                    // additionalProperties: true
            .MapEntry(29, "spec", v => v.Message(2, s => s.String(5, "object").Varint(38, 1)))
            .ToArray();
        var raw = new ProtoWriter()
            .Message(1, m => m.String(1, "foos.example.com"))
            .Message(2, spec => spec.String(1, "example.com")
                .Message(7, v => v.String(1, "v1").Varint(2, 1).Varint(3, 1).Message(4, val => val.Bytes(1, schema))))
            .ToArray();

        var crd = KubernetesProtobuf.Decode(ProtoWriter.Envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", raw));

        var expected = JsonNode.Parse("""
            {
              "$ref": "#/definitions/x", "type": "object", "default": {"a": 1}, "items": {"type": "string"},
              "properties": {"spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
              "additionalProperties": true
            }
            """);
        var actual = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"];
        Assert.True(JsonNode.DeepEquals(expected, actual), actual!.ToJsonString());
    }

    [Fact]
    public void Decode_ExtraValueMap_BecomesMapOfArrays()
    {
        // authorization/v1 SubjectAccessReview spec: 3 user, 5 extra map<string, ExtraValue{1 items}>.
        var raw = new ProtoWriter()
            .Message(2, spec => spec.String(3, "alice").MapEntry(5, "scopes", v => v.Message(2, x => x.String(1, "a").String(1, "b"))))
            .ToArray();

        var review = KubernetesProtobuf.Decode(ProtoWriter.Envelope("authorization.k8s.io/v1", "SubjectAccessReview", raw));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"scopes\":[\"a\",\"b\"]}"), review["spec"]!["extra"]));
    }

    [Fact]
    public void Decode_InlineVolumeSource_MergesIntoTheVolume()
    {
        // core/v1 Pod spec 1 volumes[]: 1 name, 2 volumeSource (inline) → 2 emptyDir.
        var raw = new ProtoWriter()
            .Message(2, spec => spec.Message(1, v => v.String(1, "scratch").Message(2, src => src.Message(2, _ => { }))))
            .ToArray();

        var pod = KubernetesProtobuf.Decode(ProtoWriter.Envelope("v1", "Pod", raw));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"name\":\"scratch\",\"emptyDir\":{}}"), pod["spec"]!["volumes"]![0]));
    }

    [Fact]
    public void Decode_PackedAndUnpackedRepeatedInts_GiveTheSameArray()
    {
        // core/v1 Pod spec 14 securityContext → 4 supplementalGroups (repeated int64).
        var packed = new ProtoWriter().Message(2, s => s.Message(14, c => c.Bytes(4, [1, 2, 0x80, 0x01]))).ToArray();
        var unpacked = new ProtoWriter().Message(2, s => s.Message(14, c => c.Varint(4, 1).Varint(4, 2).Varint(4, 128))).ToArray();

        var a = KubernetesProtobuf.Decode(ProtoWriter.Envelope("v1", "Pod", packed));
        var b = KubernetesProtobuf.Decode(ProtoWriter.Envelope("v1", "Pod", unpacked));

        Assert.Equal("[1,2,128]", a["spec"]!["securityContext"]!["supplementalGroups"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(a, b));
    }

    [Fact]
    public void Decode_UnknownFieldsAndSharedMetaKinds_AreAccepted()
    {
        // apps/v1 DeleteOptions is meta/v1 DeleteOptions (1 gracePeriodSeconds); field 99 is skipped.
        var raw = new ProtoWriter().Varint(1, 0).String(99, "future").ToArray();

        var options = KubernetesProtobuf.Decode(ProtoWriter.Envelope("apps/v1", "DeleteOptions", raw));

        Assert.Equal("{\"apiVersion\":\"apps/v1\",\"kind\":\"DeleteOptions\",\"gracePeriodSeconds\":0}", options.ToJsonString());
    }

    [Fact]
    public void Decode_StringsAreUtf8_AndInvalidBytesBecomeReplacementCharacters()
    {
        var raw = new ProtoWriter().Message(1, m => m.String(1, "ünïcode").MapEntry(12, "note", v => v.Bytes(2, [0x61, 0xFF]))).ToArray();

        var ns = KubernetesProtobuf.Decode(ProtoWriter.Envelope("v1", "Namespace", raw));

        Assert.Equal("ünïcode", ns["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("a\uFFFD", ns["metadata"]!["annotations"]!["note"]!.GetValue<string>());
        Assert.Equal("ünïcode", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes("ünïcode")));
    }
}
